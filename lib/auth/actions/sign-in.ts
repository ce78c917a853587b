'use server';

import { AuthError } from 'next-auth';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { signIn as authSignIn } from '@/lib/auth';
import { validatedAction } from '@/lib/actions/validated-action';
import { landingPathFor } from '@/lib/entitlements/gate';
import { safeCallbackUrl } from '../callback-url';
import { TooManySignInAttempts } from '../rate-limits';
import { retryAfterText } from '../retry-after';
import { signInSchema } from '../schemas';
import { findUserIdByEmail } from '../users';

export const signIn = validatedAction(signInSchema, async ({ email, password, callbackUrl }) => {
  try {
    await authSignIn('credentials', { email, password, redirect: false });
  } catch (error) {
    // Checked in `authorize` (lib/auth/index.ts), before the password: the same for unknown emails.
    if (error instanceof TooManySignInAttempts) {
      const t = await getTranslations('auth.actions');
      return { error: t('tooManySignIns', { wait: await retryAfterText(error.retryAfterSeconds) }) };
    }
    // One message for an unknown email and a wrong password: never reveal which it was.
    if (error instanceof AuthError) return { error: (await getTranslations('auth.actions'))('invalidCredentials') };
    throw error;
  }
  // Signed in. Go straight to the final page: a redirect that the proxy redirects again leaves
  // the browser showing pricing under the gated page's URL (Next.js follows it inside the action).
  const userId = await findUserIdByEmail(email);
  const destination = safeCallbackUrl(callbackUrl);
  redirect(userId ? await landingPathFor(userId, destination) : destination);
});
