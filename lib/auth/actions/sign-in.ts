'use server';

import { AuthError } from 'next-auth';
import { signIn as authSignIn } from '@/lib/auth';
import { validatedAction } from '@/lib/actions/validated-action';
import { safeCallbackUrl } from '../callback-url';
import { signInSchema } from '../schemas';

export const signIn = validatedAction(signInSchema, async ({ email, password, callbackUrl }) => {
  try {
    await authSignIn('credentials', { email, password, redirectTo: safeCallbackUrl(callbackUrl) });
  } catch (error) {
    // One message for an unknown email and a wrong password: never reveal which it was.
    if (error instanceof AuthError) return { error: 'Invalid email or password.' };
    throw error;
  }
});
