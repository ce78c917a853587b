'use server';

import { headers } from 'next/headers';
import { getTranslations } from 'next-intl/server';
import { signOut } from '@/lib/auth';
import { validatedActionWithUser } from '@/lib/actions/validated-action';
import { clientAddressFrom } from '@/lib/http/client-address';
import { requestMailLocale } from '@/lib/mail/locale';
import { sendMail } from '@/lib/mail/send-mail';
import { confirmAccountDeletionMail } from '@/lib/mail/templates/confirm-account-deletion';
import { siteUrl } from '@/lib/site-url';
import { confirmDeletionSchema, deleteAccountSchema } from '../account-settings-schemas';
import { deleteAccount as deleteForGood } from '../account-deletion';
import { consumeAccountToken, issueAccountToken, peekAccountToken } from '../account-tokens';
import { checkCurrentPassword } from '../email-change';
import { currentEmailOf, limitAccountMail } from '../email-verification';
import { retryAfterText } from '../retry-after';

async function deleteAndLeave(userId: string): Promise<never> {
  await deleteForGood(userId);
  // The session rows went with the user; this clears this browser's cookie too.
  await signOut({ redirectTo: '/?account=deleted' });
  throw new Error('signOut returned without redirecting');
}

/**
 * With a password: the password and the typed word, then the account goes. Without one (GitHub):
 * a link to the account's address, whose page (/account/delete) finishes it, so a session alone
 * cannot delete an account.
 */
export const deleteAccount = validatedActionWithUser(deleteAccountSchema, async ({ deletePassword }, user) => {
  const t = await getTranslations('auth.actions');
  const tv = await getTranslations('validation');
  const check = await checkCurrentPassword(user.id, deletePassword, clientAddressFrom(await headers()));
  if (check === 'missing') return { error: tv('correctHighlightedFields'), fieldErrors: { deletePassword: [tv('currentPasswordRequired')] } };
  if (check === 'wrong') return { error: tv('correctHighlightedFields'), fieldErrors: { deletePassword: [t('notCurrentPassword')] } };
  if (typeof check === 'object') return { error: t('tooManyPasswordAttempts', { wait: await retryAfterText(check.retryAfterSeconds) }) };
  if (check === 'ok') return deleteAndLeave(user.id);

  const current = await currentEmailOf(user.id);
  if (!current) return { error: t('noAddressToConfirmWith') };
  const allowed = await limitAccountMail(current.email);
  if (!allowed.allowed) return { error: t('tooManyMailsToYourAddress', { wait: await retryAfterText(allowed.retryAfterSeconds) }) };
  const token = await issueAccountToken({ userId: user.id, purpose: 'delete_account', email: current.email });
  const url = new URL('/account/delete', await siteUrl());
  url.searchParams.set('token', token);
  await sendMail(confirmAccountDeletionMail({ to: current.email, url: url.toString(), locale: await requestMailLocale() }));
  return { success: t('deletionLinkSent', { email: current.email }) };
});

/** The mailed link's page: only the signed-in owner of the link can spend it. */
export const confirmAccountDeletion = validatedActionWithUser(confirmDeletionSchema, async ({ token }, user) => {
  const t = await getTranslations('auth.actions');
  const link = await peekAccountToken(token, 'delete_account');
  // Another user's link, or one already used or expired: the same answer, and nothing spent.
  if (!link || link.userId !== user.id) return { error: t('deletionLinkInvalid') };
  if (!(await consumeAccountToken(token, 'delete_account'))) return { error: t('linkUsed') };
  return deleteAndLeave(user.id);
});
