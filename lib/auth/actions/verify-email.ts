'use server';

import { getTranslations } from 'next-intl/server';
import { validatedAction } from '@/lib/actions/validated-action';
import { linkTokenSchema } from '../account-settings-schemas';
import { verifyEmailWithToken } from '../email-verification';

/**
 * The button on /verify-email spends the link, not the page's GET: mail scanners open links to
 * look at them, and a verification a scanner triggered would burn the link the person then clicks.
 */
export const verifyEmail = validatedAction(linkTokenSchema, async ({ token }) => {
  const t = await getTranslations('auth.actions');
  const verified = await verifyEmailWithToken(token);
  if (!verified) return { error: t('verifyLinkInvalid') };
  return { success: t('emailConfirmed') };
});
