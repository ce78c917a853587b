'use server';

import { headers } from 'next/headers';
import { getTranslations } from 'next-intl/server';
import { validatedActionWithUser } from '@/lib/actions/validated-action';
import { clientAddressFrom } from '@/lib/http/client-address';
import { changePasswordSchema } from '../account-schemas';
import { changePassword as changeUserPassword } from '../password-change';
import { newPasswordErrors } from '../password-feedback';
import { clearPasswordAttempts, limitPasswordAttempt } from '../rate-limits';
import { retryAfterText } from '../retry-after';
import { currentSessionId } from '../session';

export const changePassword = validatedActionWithUser(changePasswordSchema, async ({ currentPassword, newPassword }, user) => {
  const t = await getTranslations('auth.actions');
  const fixFields = (await getTranslations('validation'))('correctHighlightedFields');
  // The strength rule of sign-up, with this user's email and name counted as guessable.
  const weak = await newPasswordErrors(newPassword, [user.email, user.name]);
  if (weak) return { error: fixFields, fieldErrors: { newPassword: weak } };

  // Whoever holds a session (a borrowed laptop, a stolen cookie) must not get unlimited guesses
  // at the password through this form: it shares the sign-in form's counters for the account.
  if (user.email) {
    const attempt = await limitPasswordAttempt({ email: user.email, clientAddress: clientAddressFrom(await headers()) });
    if (!attempt.allowed) return { error: t('tooManyPasswordAttempts', { wait: await retryAfterText(attempt.retryAfterSeconds) }) };
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
      return { success: t('passwordChanged') };
    case 'wrong_password':
      return { error: fixFields, fieldErrors: { currentPassword: [t('notCurrentPassword')] } };
    case 'same_password':
      return { error: fixFields, fieldErrors: { newPassword: [t('samePassword')] } };
    case 'no_password':
      return { error: t('noPasswordToChange') };
  }
});
