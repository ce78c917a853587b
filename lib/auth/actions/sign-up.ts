'use server';

import { headers } from 'next/headers';
import { signIn } from '@/lib/auth';
import { createCustomerAtSignUp } from '@/lib/billing/customers';
import { landingPathFor } from '@/lib/billing/features';
import { validatedAction } from '@/lib/actions/validated-action';
import { clientAddressFrom } from '@/lib/http/client-address';
import { safeCallbackUrl } from '../callback-url';
import { limitSignUp, retryAfterText } from '../rate-limits';
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
  // Throws a redirect on success, which the action helper passes on to Next.js.
  await signIn('credentials', { email, password, redirectTo });
});
