'use server';

import { headers } from 'next/headers';
import { validatedActionWithUser } from '@/lib/actions/validated-action';
import { clientAddressFrom } from '@/lib/http/client-address';
import { siteUrl } from '@/lib/site-url';
import { requestEmailChangeSchema } from '../account-settings-schemas';
import { checkCurrentPassword, requestEmailChange as request } from '../email-change';
import { currentEmailOf } from '../email-verification';
import { retryAfterText } from '../rate-limits';
import { normalizeEmail } from '../users';

const FIX_FIELDS = 'Please correct the highlighted fields.';

export const requestEmailChange = validatedActionWithUser(requestEmailChangeSchema, async ({ email, emailChangePassword }, user) => {
  const current = await currentEmailOf(user.id);
  const newEmail = normalizeEmail(email);
  if (current?.email === newEmail) return { error: FIX_FIELDS, fieldErrors: { email: ['This is already your email address.'] } };
  // A session alone (a borrowed laptop, a stolen cookie) must not be enough to move the account
  // to another address, from where a password reset would take it over.
  const check = await checkCurrentPassword(user.id, emailChangePassword, clientAddressFrom(await headers()));
  // Without a password, nothing but the session would vouch for the change: such an account sets
  // one first through "Forgot password?", whose link goes to the current address.
  if (check === 'no_password') {
    return { error: 'Set a password first: sign out, choose "Forgot password?" and follow the link we mail to your current address.' };
  }
  if (check === 'missing') return { error: FIX_FIELDS, fieldErrors: { emailChangePassword: ['Enter your current password.'] } };
  if (check === 'wrong') return { error: FIX_FIELDS, fieldErrors: { emailChangePassword: ['This is not your current password.'] } };
  if (typeof check === 'object') return { error: `Too many password attempts. Try again in ${retryAfterText(check.retryAfterSeconds)}.` };
  const sent = await request(user.id, newEmail, await siteUrl());
  if (!sent.allowed) return { error: `We have sent several mails to that address already. Try again in ${retryAfterText(sent.retryAfterSeconds)}.` };
  return { success: `We sent a link to ${newEmail}. Your email changes when you open it; until then, keep using ${current?.email ?? 'your current address'}.` };
});
