'use server';

import { signIn } from '@/lib/auth';
import { createCustomerAtSignUp } from '@/lib/billing/customers';
import { validatedAction } from '@/lib/actions/validated-action';
import { safeCallbackUrl } from '../callback-url';
import { signUpSchema } from '../schemas';
import { createUserWithPassword } from '../users';

export const signUp = validatedAction(signUpSchema, async ({ name, email, password, callbackUrl }) => {
  const created = await createUserWithPassword({ name, email, password });
  if ('error' in created) {
    return {
      error: 'An account with this email already exists. Sign in instead.',
      fieldErrors: { email: ['This email is already registered.'] },
    };
  }
  await createCustomerAtSignUp(created.user.id);
  // Throws a redirect on success, which the action helper passes on to Next.js.
  await signIn('credentials', { email, password, redirectTo: safeCallbackUrl(callbackUrl) });
});
