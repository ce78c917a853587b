import 'server-only';
import { createHash } from 'node:crypto';
import { and, eq, isNotNull, ne } from 'drizzle-orm';
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import { getDb, type Database } from '@/db/client';
import { accounts, rateLimits, users } from '@/db/schema';
import { accountExistsMail } from '@/lib/mail/templates/account-exists';
import { verifyEmailMail } from '@/lib/mail/templates/verify-email';
import { requestMailLocale } from '@/lib/mail/locale';
import { sendMail } from '@/lib/mail/send-mail';
import type { MailMessage } from '@/lib/mail/message';
import { consumeAccountToken, issueAccountToken } from './account-tokens';
import { safeCallbackUrl } from './callback-url';
import { normalizeEmail } from './users';

/**
 * Email verification. A password sign-up starts unverified: the account can sign in and look
 * around, but paying needs an address that is proven to be its owner's (receipts, the Stripe
 * customer's email and password resets all go there). The proof is a single-use link (a
 * `verify_email` account token, 24 h) mailed to the address.
 *
 * GitHub accounts count as verified: Auth.js creates OAuth users with `emailVerified: null`, but
 * the address comes from GitHub's profile, which shows only addresses GitHub has verified (public
 * email, else the primary one of /user/emails). Magic-link sign-in sets `emailVerified` itself.
 */

/** Whether `userId` may pay: a verified address, or an address that came from GitHub. */
export async function isEmailVerified(userId: string): Promise<boolean> {
  const db = getDb();
  const [row] = await db
    .select({ verified: users.emailVerified, email: users.email })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row?.email) return false;
  if (row.verified) return true;
  const [oauth] = await db
    .select({ provider: accounts.provider })
    .from(accounts)
    .where(and(eq(accounts.userId, userId), ne(accounts.type, 'email')))
    .limit(1);
  return Boolean(oauth);
}

/**
 * Mail about an account sent to one address, whatever triggered it (sign-up, "resend", an email
 * change), 5 per hour: a person who lost a mail asks again a few times, while someone who knows
 * the address cannot fill its inbox by signing up with it over and over. Counted in Postgres, so
 * every instance shares it, with one atomic upsert before anything is sent. The key is hashed:
 * the table holds no addresses.
 */
const MAILS_PER_ADDRESS = { keyPrefix: 'account-mail-address', points: 5, duration: 60 * 60 } as const;

const limiters = new WeakMap<Database, RateLimiterDrizzle>();

function mailLimiter(): RateLimiterDrizzle {
  const db = getDb();
  let limiter = limiters.get(db);
  if (!limiter) limiters.set(db, (limiter = new RateLimiterDrizzle({ storeClient: db, schema: rateLimits, ...MAILS_PER_ADDRESS })));
  return limiter;
}

export type MailLimit = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts one mail to `email`; false once the address has had its share this hour. */
export async function limitAccountMail(email: string): Promise<MailLimit> {
  const key = createHash('sha256').update(normalizeEmail(email)).digest('base64url');
  try {
    await mailLimiter().consume(key);
    return { allowed: true };
  } catch (error) {
    // Over the limit is a RateLimiterRes; a database failure is an Error and must not read as allowed.
    if (error instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
    throw error;
  }
}

/** Sends `message` if its address has not had too many account mails this hour. */
export async function sendLimitedMail(message: MailMessage): Promise<MailLimit> {
  const allowed = await limitAccountMail(message.to);
  if (allowed.allowed) await sendMail(message);
  return allowed;
}

/** The verify link's page, carrying where to go after signing in (a same-origin path only). */
export function verifyEmailUrl(origin: string, token: string, next?: string): string {
  const url = new URL('/verify-email', origin);
  url.searchParams.set('token', token);
  const path = next ? safeCallbackUrl(next, origin, '') : '';
  if (path && path !== '/dashboard') url.searchParams.set('next', path);
  return url.toString();
}

/** Issues a verification link for the user's current address and mails it (rate-limited). */
export async function sendVerificationMail(user: { id: string; email: string }, origin: string, next?: string): Promise<MailLimit> {
  const allowed = await limitAccountMail(user.email);
  if (!allowed.allowed) return allowed;
  const token = await issueAccountToken({ userId: user.id, purpose: 'verify_email', email: user.email });
  await sendMail(verifyEmailMail({ to: user.email, url: verifyEmailUrl(origin, token, next), locale: await requestMailLocale() }));
  return allowed;
}

/** Tells the owner of `email` that someone tried to sign up with it (rate-limited, like every account mail). */
export async function sendAccountExistsMail(email: string, origin: string): Promise<MailLimit> {
  return sendLimitedMail(
    accountExistsMail({
      to: email,
      signInUrl: new URL('/sign-in', origin).toString(),
      resetUrl: new URL('/forgot-password', origin).toString(),
      locale: await requestMailLocale(),
    }),
  );
}

/**
 * Spends a verification link and marks the address verified, in one transaction. The address
 * must still be the user's: a link mailed before an email change verifies nothing. Null for an
 * unknown, used, expired or foreign link, or a deleted account (its tokens went with it).
 */
export async function verifyEmailWithToken(token: string): Promise<{ userId: string; email: string } | null> {
  return getDb().transaction(async (tx) => {
    const spent = await consumeAccountToken(token, 'verify_email', tx);
    if (!spent) return null;
    const [verified] = await tx
      .update(users)
      .set({ emailVerified: new Date() })
      .where(and(eq(users.id, spent.userId), eq(users.email, spent.email)))
      .returning({ id: users.id });
    return verified ? spent : null;
  });
}

/** The user's address as stored now (the session's copy is from sign-in and can be older). */
export async function currentEmailOf(userId: string): Promise<{ email: string; name: string | null; verified: boolean } | null> {
  const [row] = await getDb()
    .select({ email: users.email, name: users.name, verifiedAt: users.emailVerified })
    .from(users)
    .where(and(eq(users.id, userId), isNotNull(users.email)))
    .limit(1);
  if (!row?.email) return null;
  return { email: row.email, name: row.name, verified: Boolean(row.verifiedAt) || (await isEmailVerified(userId)) };
}
