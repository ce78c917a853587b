'use server';

import { z } from 'zod';
import { signIn } from '@/lib/auth';
import { validatedAction } from '@/lib/actions/validated-action';
import { safeCallbackUrl } from '../callback-url';
import { MAGIC_LINK_MINUTES, MAGIC_LINK_PROVIDER_ID, observeLinkDelivery } from '../magic-link';
import { observeRefusal, retryAfterText } from '../rate-limits';

const schema = z.object({
  email: z.string().trim().pipe(z.email('Enter a valid email address.').max(320)),
  callbackUrl: z.string().max(2000).optional(),
});

export const requestMagicLink = validatedAction(schema, async ({ email, callbackUrl }) => {
  const {
    result: { result: answer, failed },
    retryAfterSeconds,
  } = await observeRefusal(() =>
    observeLinkDelivery(() => signIn(MAGIC_LINK_PROVIDER_ID, { email, redirect: false, redirectTo: safeCallbackUrl(callbackUrl) })),
  );
  // Counted before anyone looks the address up: the same for known and unknown addresses.
  if (retryAfterSeconds !== undefined) {
    return { error: `Too many sign-in links asked for. Try again in ${retryAfterText(retryAfterSeconds)}.`, values: { email } };
  }
  // The mail could not be sent (known and unknown addresses both get one), or Auth.js answered
  // another failure with its error page.
  if (failed || new URL(answer, 'http://localhost').searchParams.has('error')) {
    return { error: 'We could not send the link just now. Please try again.', values: { email } };
  }
  // The same words whether or not an account uses the address (lib/auth/magic-link.ts).
  return {
    success: `If an account uses ${email}, we have mailed it a sign-in link. It works once, for ${MAGIC_LINK_MINUTES} minutes.`,
    values: { email },
  };
});
