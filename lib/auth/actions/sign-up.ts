'use server';

import { headers } from 'next/headers';
import { validatedAction } from '@/lib/actions/validated-action';
import { clientAddressFrom } from '@/lib/http/client-address';
import { siteUrl } from '@/lib/site-url';
import { safeCallbackUrl } from '../callback-url';
import { sendAccountExistsMail, sendVerificationMail } from '../email-verification';
import { limitSignUp, retryAfterText } from '../rate-limits';
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
  // Before the Argon2 hash, which is what a sign-up flood would cost us.
  const allowed = await limitSignUp(clientAddressFrom(await headers()));
  if (!allowed.allowed) {
    return { error: `Too many accounts were created from your network. Try again in ${retryAfterText(allowed.retryAfterSeconds)}.` };
  }
  const address = normalizeEmail(email);
  const origin = await siteUrl();
  const created = await createUserWithPassword({ name, email: address, password });
  if ('user' in created) {
    await sendVerificationMail({ id: created.user.id, email: address }, origin, safeCallbackUrl(callbackUrl));
  } else {
    await sendAccountExistsMail(address, origin);
  }
  // Whether the mail went out or the address had its share this hour, the page says the same.
  return { success: `Check your email: we sent a message to ${address}.`, values: { email: address } };
});
