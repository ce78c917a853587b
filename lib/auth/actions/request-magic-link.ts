'use server';

import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { signIn } from '@/lib/auth';
import { validatedAction } from '@/lib/actions/validated-action';
import { safeCallbackUrl } from '../callback-url';
import { MAGIC_LINK_MINUTES, MAGIC_LINK_PROVIDER_ID, observeLinkDelivery } from '../magic-link';
import { observeRefusal } from '../rate-limits';
import { retryAfterText } from '../retry-after';

const schema = z.object({
  email: z.string().trim().pipe(z.email('emailInvalid').max(320, 'emailTooLong')),
  callbackUrl: z.string().max(2000).optional(),
});

export const requestMagicLink = validatedAction(schema, async ({ email, callbackUrl }) => {
  const {
    result: { result: answer, failed },
    retryAfterSeconds,
  } = await observeRefusal(() =>
    observeLinkDelivery(() => signIn(MAGIC_LINK_PROVIDER_ID, { email, redirect: false, redirectTo: safeCallbackUrl(callbackUrl) })),
  );
  const t = await getTranslations('auth.actions');
  // Counted before anyone looks the address up: the same for known and unknown addresses.
  if (retryAfterSeconds !== undefined) {
    return { error: t('tooManyLinks', { wait: await retryAfterText(retryAfterSeconds) }), values: { email } };
  }
  // The mail could not be sent (known and unknown addresses both get one), or Auth.js answered
  // another failure with its error page.
  if (failed || new URL(answer, 'http://localhost').searchParams.has('error')) {
    return { error: t('linkNotSent'), values: { email } };
  }
  // The same words whether or not an account uses the address (lib/auth/magic-link.ts).
  return {
    success: t('linkSent', { email, minutes: MAGIC_LINK_MINUTES }),
    values: { email },
  };
});
