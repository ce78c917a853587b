import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { CredentialsSignin } from 'next-auth';
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import { getDb, type Database } from '@/db/client';
import { rateLimits } from '@/db/schema';
import { normalizeEmail } from './users';

/**
 * How many password checks and sign-ups we run, per account and per client address. The counters
 * live in Postgres (`rate_limit`), so every server instance shares them, and each attempt is
 * counted with one atomic upsert BEFORE the password is checked: a burst of parallel guesses
 * gets exactly `points` checks, and a refused attempt costs no Argon2 time.
 *
 * - Per account, 10 password checks per 15 minutes: a person who mistypes retries a few times;
 *   an online guesser gets 40 guesses an hour against an account, whatever number of addresses
 *   it uses. The price: someone who knows an email can keep its owner out for 15 minutes at a
 *   time. A successful sign-in resets the account's counter.
 * - Per client address, 100 password checks per 15 minutes: spraying one common password over
 *   many accounts from one address stops after 100, while an office or campus behind one NAT
 *   still has room for many people signing in.
 * - Sign-ups per client address, 30 per hour: each one costs an Argon2 hash and a Stripe customer.
 *   Generous enough for a shared NAT and for the browser journeys (about 15 sign-ups from
 *   127.0.0.1 per run), tight enough that one address cannot fill Stripe with customers.
 *
 * Addresses come from `clientAddressFrom()` (lib/http/client-address.ts), which says what is
 * trusted. Without an address only the per-account limit applies.
 */
const POLICIES = {
  passwordPerAccount: { keyPrefix: 'password-account', points: 10, duration: 15 * 60 },
  passwordPerAddress: { keyPrefix: 'password-address', points: 100, duration: 15 * 60 },
  signUpPerAddress: { keyPrefix: 'sign-up-address', points: 30, duration: 60 * 60 },
  // Mailed links (password reset, magic sign-in): each sends a mail, to any address typed in.
  // Per address typed, 5 an hour: a person who lost a mail asks again a few times, and nobody
  // can flood someone else's inbox. Per client address, 30 an hour: room for a shared NAT.
  resetPerEmail: { keyPrefix: 'reset-email', points: 5, duration: 60 * 60 },
  resetPerAddress: { keyPrefix: 'reset-address', points: 30, duration: 60 * 60 },
  magicLinkPerEmail: { keyPrefix: 'magic-link-email', points: 5, duration: 60 * 60 },
  magicLinkPerAddress: { keyPrefix: 'magic-link-address', points: 30, duration: 60 * 60 },
} as const;

type Policy = keyof typeof POLICIES;

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const ALLOWED: LimitDecision = { allowed: true };

/** Counts one password check for this account and address; call it before verifying the password. */
export async function limitPasswordAttempt(input: { email: string; clientAddress?: string }): Promise<LimitDecision> {
  const decisions = await Promise.all([
    consume('passwordPerAccount', accountKey(input.email)),
    input.clientAddress ? consume('passwordPerAddress', input.clientAddress) : ALLOWED,
  ]);
  return strictest(decisions);
}

/** Forgets the account's failed checks: the owner has just proved they know the password. */
export async function clearPasswordAttempts(email: string): Promise<void> {
  await limiter('passwordPerAccount').delete(accountKey(email));
}

/** Counts one sign-up from this address; call it before hashing the password or calling Stripe. */
export async function limitSignUp(clientAddress: string | undefined): Promise<LimitDecision> {
  return clientAddress ? consume('signUpPerAddress', clientAddress) : ALLOWED;
}

/**
 * Counts one mailed link asked for this email address (known or not: counted before anyone looks
 * it up, so the answer says nothing about accounts) and from this client address.
 */
export async function limitMailedLink(kind: 'reset' | 'magicLink', input: { email: string; clientAddress?: string }): Promise<LimitDecision> {
  const [perEmail, perAddress] = kind === 'reset' ? (['resetPerEmail', 'resetPerAddress'] as const) : (['magicLinkPerEmail', 'magicLinkPerAddress'] as const);
  const decisions = await Promise.all([
    consume(perEmail, accountKey(input.email)),
    input.clientAddress ? consume(perAddress, input.clientAddress) : ALLOWED,
  ]);
  return strictest(decisions);
}

/**
 * Thrown from `authorize` when the attempt is refused. A CredentialsSignin, so Auth.js sets no
 * session; the Server Action receives it as is, and the route sees it through
 * `observeSignInRefusal` to answer 429.
 */
export class TooManySignInAttempts extends CredentialsSignin {
  override code = 'rate_limited';
  // Auth.js logs every error but a CredentialsSignin as a server fault (lib/auth/config.ts); a
  // refused guess is an expected answer, and an attack would fill the log with stack traces.
  override name = 'CredentialsSignin';

  constructor(readonly retryAfterSeconds: number) {
    super();
  }
}

const refusals = new AsyncLocalStorage<{ retryAfterSeconds?: number }>();

/** For `authorize`: the error to throw, noted for the route handler that is waiting on Auth.js. */
export function refuseSignIn(retryAfterSeconds: number): TooManySignInAttempts {
  const observed = refusals.getStore();
  if (observed) observed.retryAfterSeconds = retryAfterSeconds;
  return new TooManySignInAttempts(retryAfterSeconds);
}

/**
 * Runs an Auth.js handler and says whether `authorize` refused the attempt. Auth.js turns the
 * error into a redirect to the sign-in page; the route answers 429 with Retry-After instead.
 */
export async function observeSignInRefusal(
  work: () => Promise<Response>,
): Promise<{ response: Response; retryAfterSeconds?: number }> {
  const { result: response, retryAfterSeconds } = await observeRefusal(work);
  return { response, retryAfterSeconds };
}

/** As `observeSignInRefusal`, for any work that calls into Auth.js (a Server Action's `signIn`). */
export async function observeRefusal<T>(work: () => Promise<T>): Promise<{ result: T; retryAfterSeconds?: number }> {
  const observed: { retryAfterSeconds?: number } = {};
  const result = await refusals.run(observed, work);
  return { result, retryAfterSeconds: observed.retryAfterSeconds };
}

/**
 * For Auth.js callbacks that must not throw (the email provider's `sendVerificationRequest`,
 * whose rejection Auth.js leaves unhandled for a moment): notes the refusal for whoever observes
 * it, and the caller returns without doing the work.
 */
export function noteRefusal(retryAfterSeconds: number): void {
  const observed = refusals.getStore();
  if (observed) observed.retryAfterSeconds = retryAfterSeconds;
}

async function consume(policy: Policy, key: string): Promise<LimitDecision> {
  try {
    await limiter(policy).consume(key);
    return ALLOWED;
  } catch (error) {
    // The library rejects with a RateLimiterRes when over the limit, with an Error when the
    // database fails; the latter must not read as "allowed".
    if (error instanceof RateLimiterRes) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
    }
    throw error;
  }
}

function strictest(decisions: LimitDecision[]): LimitDecision {
  let retryAfterSeconds = 0;
  for (const decision of decisions) {
    if (!decision.allowed) retryAfterSeconds = Math.max(retryAfterSeconds, decision.retryAfterSeconds);
  }
  return retryAfterSeconds > 0 ? { allowed: false, retryAfterSeconds } : ALLOWED;
}

// Hashed, so the table holds no email addresses.
function accountKey(email: string): string {
  return createHash('sha256').update(normalizeEmail(email)).digest('base64url');
}

// One set of limiters per database: tests reopen it, and a limiter keeps its client.
const limiters = new WeakMap<Database, Record<Policy, RateLimiterDrizzle>>();

function limiter(policy: Policy): RateLimiterDrizzle {
  const db = getDb();
  let forDb = limiters.get(db);
  if (!forDb) {
    const make = (name: Policy) => new RateLimiterDrizzle({ storeClient: db, schema: rateLimits, ...POLICIES[name] });
    forDb = {
      passwordPerAccount: make('passwordPerAccount'),
      passwordPerAddress: make('passwordPerAddress'),
      signUpPerAddress: make('signUpPerAddress'),
      resetPerEmail: make('resetPerEmail'),
      resetPerAddress: make('resetPerAddress'),
      magicLinkPerEmail: make('magicLinkPerEmail'),
      magicLinkPerAddress: make('magicLinkPerAddress'),
    };
    limiters.set(db, forDb);
  }
  return forDb[policy];
}
