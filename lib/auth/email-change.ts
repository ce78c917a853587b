import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { updateStripeCustomerEmail } from '@/lib/billing/customers';
import { requestMailLocale } from '@/lib/mail/locale';
import { sendMail } from '@/lib/mail/send-mail';
import { confirmNewEmailMail } from '@/lib/mail/templates/confirm-new-email';
import { emailChangedMail } from '@/lib/mail/templates/email-changed';
import { consumeAccountToken, issueAccountToken, revokeAccountTokens } from './account-tokens';
import { limitAccountMail, type MailLimit } from './email-verification';
import { verifyPassword } from './password';
import { clearPasswordAttempts, limitPasswordAttempt } from './rate-limits';

/**
 * Changing the account's email: a link goes to the NEW address, and the change takes effect only
 * when it is used, so nobody moves an account to an address they cannot read. The request does
 * not say whether the new address has an account already (that would let any signed-in user look
 * addresses up); the unique index decides at confirmation, when a race between two accounts
 * confirming one address is settled by the database, not by a prior read.
 */

/** The password check of the account forms: counted with sign-in's limits before Argon2 runs. */
export async function checkCurrentPassword(
  userId: string,
  password: string | undefined,
  clientAddress: string | undefined,
): Promise<'ok' | 'no_password' | 'missing' | 'wrong' | { retryAfterSeconds: number }> {
  const [row] = await getDb().select({ email: users.email, hash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  if (!row?.hash) return 'no_password';
  if (!password) return 'missing';
  if (row.email) {
    const attempt = await limitPasswordAttempt({ email: row.email, clientAddress });
    if (!attempt.allowed) return { retryAfterSeconds: attempt.retryAfterSeconds };
  }
  if (!(await verifyPassword(row.hash, password))) return 'wrong';
  if (row.email) await clearPasswordAttempts(row.email);
  return 'ok';
}

export function confirmEmailChangeUrl(origin: string, token: string): string {
  const url = new URL('/verify-email/new-address', origin);
  url.searchParams.set('token', token);
  return url.toString();
}

/** Mails a confirmation link for `newEmail` to that address (the address's hourly share applies). */
export async function requestEmailChange(userId: string, newEmail: string, origin: string): Promise<MailLimit> {
  const allowed = await limitAccountMail(newEmail);
  if (!allowed.allowed) return allowed;
  // And per account: otherwise one signed-in account could mail any number of addresses, five
  // each an hour, under our sender's name. (The same counters; a user id is no address.)
  const perAccount = await limitAccountMail(`account:${userId}`);
  if (!perAccount.allowed) return perAccount;
  // One pending change at a time: an earlier link to another address stops working.
  await revokeAccountTokens(userId, 'change_email');
  const token = await issueAccountToken({ userId, purpose: 'change_email', email: newEmail });
  await sendMail(confirmNewEmailMail({ to: newEmail, url: confirmEmailChangeUrl(origin, token), locale: await requestMailLocale() }));
  return allowed;
}

export type EmailChangeOutcome = { changed: { userId: string; from: string; to: string } } | 'invalid' | 'taken';

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ('code' in e && e.code === '23505') return true;
  }
  return false;
}

/**
 * Spends a change link and moves the account to its address, verified (the link proved it), in
 * one transaction; then the Stripe customer's email follows and the old address is told.
 */
export async function confirmEmailChange(token: string, origin: string): Promise<EmailChangeOutcome> {
  let outcome: EmailChangeOutcome;
  try {
    outcome = await getDb().transaction(async (tx) => {
      const spent = await consumeAccountToken(token, 'change_email', tx);
      if (!spent) return 'invalid' as const;
      const [before] = await tx.select({ email: users.email }).from(users).where(eq(users.id, spent.userId)).limit(1);
      if (!before?.email) return 'invalid' as const;
      const [moved] = await tx
        .update(users)
        .set({ email: spent.email, emailVerified: new Date() })
        .where(and(eq(users.id, spent.userId), eq(users.email, before.email)))
        .returning({ id: users.id });
      if (!moved) return 'invalid' as const;
      // Links mailed to the old address must not verify it as the account's address later.
      await revokeAccountTokens(spent.userId, 'verify_email', tx);
      return { changed: { userId: spent.userId, from: before.email, to: spent.email } };
    });
  } catch (error) {
    // Another account holds the address (it signed up, or confirmed it first): nothing changed,
    // and the link stays unspent with the rolled-back transaction.
    if (isUniqueViolation(error)) return 'taken';
    throw error;
  }
  if (typeof outcome === 'string') return outcome;
  const { userId, from, to } = outcome.changed;
  try {
    await updateStripeCustomerEmail(userId, to);
  } catch (error) {
    // The change stands; Stripe keeps the old address until the next change. Logged to be seen.
    console.error(`[entitle] could not update the Stripe customer email of ${userId}`, error);
  }
  await sendMail(
    emailChangedMail({ to: from, newEmail: to, resetUrl: new URL('/forgot-password', origin).toString(), locale: await requestMailLocale() }),
  );
  return outcome;
}
