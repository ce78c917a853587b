import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import type { EmailConfig } from 'next-auth/providers/email';
import { getDb } from '@/db/client';
import { users, verificationTokens } from '@/db/schema';
import { env } from '@/lib/env';
import { clientAddressFrom } from '@/lib/http/client-address';
import { mailLink } from '@/lib/mail/links';
import { requestMailLocale } from '@/lib/mail/locale';
import { sendMail } from '@/lib/mail/send-mail';
import { signInLinkMail, signInNoAccountMail, signInUnconfirmedMail } from '@/lib/mail/templates/sign-in-link';
import { issueAccountToken } from './account-tokens';
import { safeCallbackUrl } from './callback-url';
import { limitMailedLink, noteRefusal } from './rate-limits';
import { normalizeEmail } from './users';

/**
 * Sign-in with a link mailed to the account's address: Auth.js's email provider (its own
 * `verification_token` table, through the Drizzle adapter), sending through our mail module.
 *
 * - Only to an account whose address is confirmed (see accountForSignInLink); an unconfirmed one
 *   gets a reset link instead.
 * - Sign-in only, never sign-up: an address without an account gets a mail saying so (with a
 *   sign-up link) instead of a link, and Auth.js's callback refuses it (the `signIn` callback in
 *   lib/auth/index.ts). Accounts are made by the sign-up form alone, under its rate limit, its
 *   Stripe customer and its one-account-per-address rule; and the page answers the same for
 *   every address.
 * - Counted per address typed and per client address before anything is sent, whichever way
 *   it is asked for (our Server Action or a POST to /api/auth/signin/email).
 * - The mail's link opens our page /sign-in-link, which spends nothing: mail scanners fetch
 *   links. Its button POSTs to Auth.js's callback, which spends the token (single use, hashed
 *   with AUTH_SECRET at rest) and signs in through the `jwt` callback like any sign-in, with a
 *   session row of its own.
 * - The link is on the configured origin (lib/mail/links.ts), never the request's Host.
 */

export const MAGIC_LINK_PROVIDER_ID = 'email';
export const MAGIC_LINK_MINUTES = 15;

/** The parts of Auth.js's callback URL that our page carries to its form. */
export type MagicLinkParams = { token: string; email: string; callbackUrl: string };

export function magicLinkProvider(): EmailConfig {
  return {
    id: MAGIC_LINK_PROVIDER_ID,
    type: 'email',
    name: 'Email',
    maxAge: MAGIC_LINK_MINUTES * 60,
    from: env.mail.from,
    // Never rejects: Auth.js starts it before it awaits it, and a rejection would be unhandled
    // for a moment (which can stop a Node.js process). Failures are noted for the Server Action.
    async sendVerificationRequest(params) {
      try {
        await sendSignInLink(params);
      } catch (error) {
        console.error('[entitle] the sign-in link could not be mailed', error);
        const observed = deliveries.getStore();
        if (observed) observed.failed = true;
      }
    },
  };
}

const deliveries = new AsyncLocalStorage<{ failed?: boolean }>();

/** Runs work that asks Auth.js for a sign-in link, and says whether mailing it failed. */
export async function observeLinkDelivery<T>(work: () => Promise<T>): Promise<{ result: T; failed: boolean }> {
  const observed: { failed?: boolean } = {};
  const result = await deliveries.run(observed, work);
  return { result, failed: observed.failed === true };
}

async function sendSignInLink({ identifier, url, request }: { identifier: string; url: string; request: Request }): Promise<void> {
  const decision = await limitMailedLink('magicLink', { email: identifier, clientAddress: clientAddressFrom(request.headers) });
  // Not thrown (see above): noted for the Server Action, which says so, and for the route,
  // which answers 429 (app/api/auth/[...nextauth]/route.ts). Nothing is sent.
  if (!decision.allowed) {
    noteRefusal(decision.retryAfterSeconds);
    return;
  }
  const account = await accountForSignInLink(identifier);
  if (!account) {
    await sendMail(signInNoAccountMail({ to: identifier, signUpUrl: await mailLink('/sign-up'), locale: await requestMailLocale() }));
    return;
  }
  if (!account.confirmed) {
    const token = await issueAccountToken({ userId: account.id, purpose: 'reset_password', email: account.email });
    await sendMail(signInUnconfirmedMail({ to: account.email, url: await mailLink('/reset-password', { token }), locale: await requestMailLocale() }));
    return;
  }
  const auth = new URL(url).searchParams;
  const params: MagicLinkParams = {
    token: auth.get('token') ?? '',
    email: auth.get('email') ?? identifier,
    // Auth.js made it absolute on the origin it derived; our link carries the path alone.
    callbackUrl: callbackPath(auth.get('callbackUrl')),
  };
  await sendMail(
    signInLinkMail({ to: identifier, url: await mailLink('/sign-in-link', params), minutes: MAGIC_LINK_MINUTES, locale: await requestMailLocale() }),
  );
}

/**
 * The account a sign-in link may open, and whether its address is confirmed: verified, or an
 * account made by GitHub (no password; GitHub vouched for the address). A password account that
 * never confirmed its address may have been made by someone else in the owner's name; a link
 * sign-in would let the owner in beside them (their password and sessions kept), so it gets a
 * reset link instead, which ends both.
 */
export async function accountForSignInLink(email: string): Promise<{ id: string; email: string; confirmed: boolean } | null> {
  const row = await getDb().query.users.findFirst({
    where: eq(users.email, normalizeEmail(email)),
    columns: { id: true, email: true, emailVerified: true, passwordHash: true },
  });
  if (!row?.email) return null;
  return { id: row.id, email: row.email, confirmed: row.emailVerified !== null || row.passwordHash === null };
}

function callbackPath(value: string | null): string {
  if (!value) return safeCallbackUrl(undefined);
  const url = new URL(value, 'http://entitle.invalid');
  return safeCallbackUrl(`${url.pathname}${url.search}${url.hash}`);
}

/**
 * Whether the link's token is live, without spending it (the page shows a button, or says the
 * link is dead). Auth.js keeps SHA-256 of the token followed by the secret.
 */
export async function magicLinkIsLive(params: Pick<MagicLinkParams, 'token' | 'email'>): Promise<boolean> {
  if (!params.token || params.token.length > 200 || !params.email || params.email.length > 320) return false;
  const hashed = createHash('sha256').update(`${params.token}${env.authSecret}`).digest('hex');
  const [row] = await getDb()
    .select({ expires: verificationTokens.expires })
    .from(verificationTokens)
    .where(and(eq(verificationTokens.identifier, params.email), eq(verificationTokens.token, hashed), gt(verificationTokens.expires, new Date())))
    .limit(1);
  return Boolean(row);
}
