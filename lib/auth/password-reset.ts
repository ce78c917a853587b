import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { accounts, users } from '@/db/schema';
import { mailLink } from '@/lib/mail/links';
import { requestMailLocale } from '@/lib/mail/locale';
import { sendMail } from '@/lib/mail/send-mail';
import { resetPasswordMail, resetPasswordNoAccountMail } from '@/lib/mail/templates/reset-password';
import { consumeAccountToken, issueAccountToken, peekAccountToken, revokeAccountTokens } from './account-tokens';
import { hashPassword } from './password';
import { clearPasswordAttempts, limitMailedLink, type LimitDecision } from './rate-limits';
import { forgetUserSessions, endUserSessions } from './sessions';
import { normalizeEmail } from './users';

/**
 * "Forgot password?": a single-use link, valid for an hour, mailed to the account's address.
 *
 * - The page answers the same for every address, and does the same work: the limit is counted
 *   before the address is looked up, and an address without an account gets a mail too (saying
 *   so, with a sign-up link), so neither the answer nor its time tells whether an account exists.
 * - The link opens a form (GET spends nothing: mail scanners fetch links); submitting it spends
 *   the token in the same transaction that sets the password, ends every session of the account
 *   and revokes every other link (reset, email change, deletion) asked for before.
 * - Accounts without a password (GitHub only) can set one this way: whoever reads the account's
 *   mail could sign in with a magic link anyway, so a reset gives them nothing more.
 * - The link also verifies the address (it was read there), as a magic-link sign-in does.
 */

export type ResetRequestOutcome = LimitDecision;

export async function requestPasswordReset(input: { email: string; clientAddress?: string }): Promise<ResetRequestOutcome> {
  const email = normalizeEmail(input.email);
  const decision = await limitMailedLink('reset', { email, clientAddress: input.clientAddress });
  if (!decision.allowed) return decision;
  const user = await getDb().query.users.findFirst({ where: eq(users.email, email), columns: { id: true, email: true } });
  if (!user?.email) {
    await sendMail(resetPasswordNoAccountMail({ to: email, signUpUrl: await mailLink('/sign-up'), locale: await requestMailLocale() }));
    return decision;
  }
  const token = await issueAccountToken({ userId: user.id, purpose: 'reset_password', email: user.email });
  await sendMail(resetPasswordMail({ to: user.email, url: await mailLink('/reset-password', { token }), locale: await requestMailLocale() }));
  return decision;
}

/** Whether `token` is a live reset link, and for which address (the form shows it). Spends nothing. */
export async function checkResetToken(token: string): Promise<{ email: string } | null> {
  const found = await peekAccountToken(token, 'reset_password');
  return found ? { email: found.email } : null;
}

export type ResetOutcome = { reset: true; email: string } | { reset: false };

/**
 * Sets the password of the account `token` was mailed for, once. Of two submits of the same link
 * (a double click, two tabs, a replay) exactly one resets. A link mailed to an address the
 * account no longer has (the email was changed since) resets nothing.
 */
export async function resetPassword(input: { token: string; newPassword: string }): Promise<ResetOutcome> {
  // Hashed before the transaction, which then holds its locks for milliseconds, not Argon2's time.
  const passwordHash = await hashPassword(input.newPassword);
  const outcome = await getDb().transaction(async (tx) => {
    const spent = await consumeAccountToken(input.token, 'reset_password', tx);
    if (!spent) return null;
    const [before] = await tx
      .select({ passwordHash: users.passwordHash, emailVerified: users.emailVerified })
      .from(users)
      .where(eq(users.id, spent.userId))
      .limit(1);
    const [updated] = await tx
      .update(users)
      .set({ passwordHash, emailVerified: sql`coalesce(${users.emailVerified}, now())` })
      .where(and(eq(users.id, spent.userId), eq(users.email, spent.email)))
      .returning({ id: users.id, email: users.email });
    // The token is spent either way: a link for an address the account no longer has is dead.
    if (!updated) return null;
    await endUserSessions(updated.id, undefined, tx);
    // Every other link too: an email change asked for with the old password must not outlive it.
    await revokeAccountTokens(updated.id, undefined, tx);
    // A password account whose address was never proven may have been made by someone else in
    // the owner's name (a pre-hijack): what it linked while unproven (a GitHub account) goes
    // with the password it was made with.
    if (before?.passwordHash && !before.emailVerified) await tx.delete(accounts).where(eq(accounts.userId, updated.id));
    return { userId: updated.id, email: spent.email };
  });
  if (!outcome) return { reset: false };
  forgetUserSessions(outcome.userId);
  // The owner proved they read the account's mail: earlier wrong guesses no longer lock them out.
  await clearPasswordAttempts(outcome.email);
  return { reset: true, email: outcome.email };
}
