'use server';

import { headers } from 'next/headers';
import { z } from 'zod';
import { validatedAction } from '@/lib/actions/validated-action';
import { clientAddressFrom } from '@/lib/http/client-address';
import { requestPasswordReset as requestReset } from '../password-reset';
import { retryAfterText } from '../rate-limits';

const schema = z.object({ email: z.string().trim().pipe(z.email('Enter a valid email address.').max(320)) });

export const requestPasswordReset = validatedAction(schema, async ({ email }) => {
  const outcome = await requestReset({ email, clientAddress: clientAddressFrom(await headers()) });
  if (!outcome.allowed) return { error: `Too many reset requests. Try again in ${retryAfterText(outcome.retryAfterSeconds)}.`, values: { email } };
  // The same words whether or not an account uses the address (lib/auth/password-reset.ts).
  return {
    success: `If an account uses ${email}, we have mailed it a link to choose a new password. The link works for one hour.`,
    values: { email },
  };
});
