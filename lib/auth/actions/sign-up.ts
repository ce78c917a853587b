'use server';

import { headers } from 'next/headers';
import { signIn } from '@/lib/auth';
import { createCustomerAtSignUp } from '@/lib/billing/customers';
import { landingPathFor } from '@/lib/billing/features';
import { validatedAction } from '@/lib/actions/validated-action';
import { clientAddressFrom } from '@/lib/http/client-address';
import { safeCallbackUrl } from '../callback-url';
import { limitSignUp, retryAfterText, TooManySignInAttempts } from '../rate-limits';
import { signUpSchema } from '../schemas';
import { createUserWithPassword } from '../users';

export const signUp = validatedAction(signUpSchema, async ({ name, email, password, callbackUrl }) => {
  // Before the Argon2 hash and the Stripe customer, which are what a sign-up flood would cost us.
  const allowed = await limitSignUp(clientAddressFrom(await headers()));
  if (!allowed.allowed) {
    return { error: `Too many accounts were created from your network. Try again in ${retryAfterText(allowed.retryAfterSeconds)}.` };
  }
  const created = await createUserWithPassword({ name, email, password });
  if ('error' in created) {
    return {
      error: 'An account with this email already exists. Sign in instead.',
      fieldErrors: { email: ['This email is already registered.'] },
    };
  }
  await createCustomerAtSignUp(created.user.id);
  // Straight to the final page: a redirect that the proxy redirects again leaves the browser
  // showing pricing under the gated page's URL (Next.js follows it inside the action response).
  const redirectTo = await landingPathFor(created.user.id, safeCallbackUrl(callbackUrl));
  try {
    // Throws a redirect on success, which the action helper passes on to Next.js.
    await signIn('credentials', { email, password, redirectTo });
  } catch (error) {
    // The account exists now; only signing in to it was refused, because the network's
    // password checks ran out. Say so, rather than an error that invites signing up again.
    if (error instanceof TooManySignInAttempts) {
      return {
        success: `Your account is ready, but too many sign-ins came from your network just now. Sign in in ${retryAfterText(error.retryAfterSeconds)}.`,
      };
    }
    throw error;
  }
});
