'use server';

import { headers } from 'next/headers';
import { getTranslations } from 'next-intl/server';
import { validatedAction } from '@/lib/actions/validated-action';
import { clientAddressFrom } from '@/lib/http/client-address';
import { siteUrl } from '@/lib/site-url';
import { safeCallbackUrl } from '../callback-url';
import { sendAccountExistsMail, sendVerificationMail } from '../email-verification';
import { newPasswordErrors } from '../password-feedback';
import { limitSignUp } from '../rate-limits';
import { retryAfterText } from '../retry-after';
import { signUpSchema } from '../schemas';
import { createUserWithPassword, normalizeEmail } from '../users';

/**
 * Sign-up answers the same whether or not the address already has an account: "check your
 * email". A new account gets a verification link; the owner of an existing one gets a mail
 * saying someone tried, with sign-in and reset links. Both paths do the same work in the request
 * (one Argon2 hash, one insert attempt, one mail; no Stripe call: the customer is made at the
 * first checkout), so neither the answer nor its timing tells a visitor which it was. For the
 * same reason nobody is signed in here: signing in only the new accounts would say which they are.
 */
export const signUp = validatedAction(signUpSchema, async ({ name, email, password, callbackUrl }) => {
  const t = await getTranslations('auth.actions');
  // The strength rule sees the email and name: a password built from them is guessable. Refused
  // before the rate limit counts the attempt, as the form's other field errors are.
  const weak = await newPasswordErrors(password, [email, name]);
  if (weak) return { error: (await getTranslations('validation'))('correctHighlightedFields'), fieldErrors: { password: weak } };
  // Before the Argon2 hash, which is what a sign-up flood would cost us.
  const allowed = await limitSignUp(clientAddressFrom(await headers()));
  if (!allowed.allowed) return { error: t('tooManySignUps', { wait: await retryAfterText(allowed.retryAfterSeconds) }) };
  const address = normalizeEmail(email);
  const origin = await siteUrl();
  const created = await createUserWithPassword({ name, email: address, password });
  if ('user' in created) {
    await sendVerificationMail({ id: created.user.id, email: address }, origin, safeCallbackUrl(callbackUrl));
  } else {
    await sendAccountExistsMail(address, origin);
  }
  // Whether the mail went out or the address had its share this hour, the page says the same.
  return { success: t('signUpSent', { email: address }), values: { email: address } };
});
