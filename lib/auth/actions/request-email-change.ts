'use server';

import { headers } from 'next/headers';
import { getTranslations } from 'next-intl/server';
import { validatedActionWithUser } from '@/lib/actions/validated-action';
import { clientAddressFrom } from '@/lib/http/client-address';
import { siteUrl } from '@/lib/site-url';
import { requestEmailChangeSchema } from '../account-settings-schemas';
import { checkCurrentPassword, requestEmailChange as request } from '../email-change';
import { currentEmailOf } from '../email-verification';
import { retryAfterText } from '../retry-after';
import { normalizeEmail } from '../users';

export const requestEmailChange = validatedActionWithUser(requestEmailChangeSchema, async ({ email, emailChangePassword }, user) => {
  const t = await getTranslations('auth.actions');
  const tv = await getTranslations('validation');
  const current = await currentEmailOf(user.id);
  const newEmail = normalizeEmail(email);
  if (current?.email === newEmail) return { error: tv('correctHighlightedFields'), fieldErrors: { email: [t('alreadyYourAddress')] } };
  // A session alone (a borrowed laptop, a stolen cookie) must not be enough to move the account
  // to another address, from where a password reset would take it over.
  const check = await checkCurrentPassword(user.id, emailChangePassword, clientAddressFrom(await headers()));
  // Without a password, nothing but the session would vouch for the change: such an account sets
  // one first through "Forgot password?", whose link goes to the current address.
  if (check === 'no_password') {
    return { error: t('setPasswordFirst') };
  }
  if (check === 'missing') return { error: tv('correctHighlightedFields'), fieldErrors: { emailChangePassword: [tv('currentPasswordRequired')] } };
  if (check === 'wrong') return { error: tv('correctHighlightedFields'), fieldErrors: { emailChangePassword: [t('notCurrentPassword')] } };
  if (typeof check === 'object') return { error: t('tooManyPasswordAttempts', { wait: await retryAfterText(check.retryAfterSeconds) }) };
  const sent = await request(user.id, newEmail, await siteUrl());
  if (!sent.allowed) return { error: t('tooManyMailsToThatAddress', { wait: await retryAfterText(sent.retryAfterSeconds) }) };
  return { success: t('emailChangeSent', { email: newEmail, current: current?.email ?? t('yourCurrentAddress') }) };
});
