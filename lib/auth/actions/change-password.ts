'use server';

import { headers } from 'next/headers';
import { validatedActionWithUser } from '@/lib/actions/validated-action';
import { clientAddressFrom } from '@/lib/http/client-address';
import { changePasswordSchema } from '../account-schemas';
import { changePassword as changeUserPassword } from '../password-change';
import { clearPasswordAttempts, limitPasswordAttempt, retryAfterText } from '../rate-limits';
import { newPasswordSchemaFor } from '../schemas';
import { currentSessionId } from '../session';

const FIX_FIELDS = 'Please correct the highlighted fields.';

export const changePassword = validatedActionWithUser(changePasswordSchema, async ({ currentPassword, newPassword }, user) => {
  // The strength rule of sign-up, with this user's email and name counted as guessable.
  const strength = newPasswordSchemaFor([user.email, user.name]).safeParse(newPassword);
  if (!strength.success) return { error: FIX_FIELDS, fieldErrors: { newPassword: strength.error.issues.map((issue) => issue.message) } };

  // Whoever holds a session (a borrowed laptop, a stolen cookie) must not get unlimited guesses
  // at the password through this form: it shares the sign-in form's counters for the account.
  if (user.email) {
    const attempt = await limitPasswordAttempt({ email: user.email, clientAddress: clientAddressFrom(await headers()) });
    if (!attempt.allowed) return { error: `Too many password attempts. Try again in ${retryAfterText(attempt.retryAfterSeconds)}.` };
  }

  const outcome = await changeUserPassword({
    userId: user.id,
    currentPassword,
    newPassword,
    keepSessionId: await currentSessionId(user.id),
  });
  if (outcome !== 'wrong_password' && user.email) await clearPasswordAttempts(user.email);
  switch (outcome) {
    case 'changed':
      return { success: 'Password changed. Every other device has been signed out.' };
    case 'wrong_password':
      return { error: FIX_FIELDS, fieldErrors: { currentPassword: ['This is not your current password.'] } };
    case 'same_password':
      return { error: FIX_FIELDS, fieldErrors: { newPassword: ['Choose a password different from your current one.'] } };
    case 'no_password':
      return { error: 'This account signs in with GitHub and has no password to change.' };
  }
});
