'use server';

import { headers } from 'next/headers';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { validatedAction } from '@/lib/actions/validated-action';
import { clientAddressFrom } from '@/lib/http/client-address';
import { requestPasswordReset as requestReset } from '../password-reset';
import { retryAfterText } from '../retry-after';

const schema = z.object({ email: z.string().trim().pipe(z.email('emailInvalid').max(320, 'emailTooLong')) });

export const requestPasswordReset = validatedAction(schema, async ({ email }) => {
  const t = await getTranslations('auth.actions');
  const outcome = await requestReset({ email, clientAddress: clientAddressFrom(await headers()) });
  if (!outcome.allowed) return { error: t('tooManyResets', { wait: await retryAfterText(outcome.retryAfterSeconds) }), values: { email } };
  // The same words whether or not an account uses the address (lib/auth/password-reset.ts).
  return {
    success: t('resetSent', { email }),
    values: { email },
  };
});
