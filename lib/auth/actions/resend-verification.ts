'use server';

import { getTranslations } from 'next-intl/server';
import { validatedActionWithUser } from '@/lib/actions/validated-action';
import { siteUrl } from '@/lib/site-url';
import { emptySchema } from '../account-schemas';
import { currentEmailOf, sendVerificationMail } from '../email-verification';
import { retryAfterText } from '../retry-after';

/** "Resend": a new link to the signed-in user's own address, counted against the address's hourly share. */
export const resendVerification = validatedActionWithUser(emptySchema, async (_input, user) => {
  const t = await getTranslations('auth.actions');
  const current = await currentEmailOf(user.id);
  if (!current) return { error: t('noAddressToConfirm') };
  if (current.verified) return { success: t('alreadyConfirmed') };
  const sent = await sendVerificationMail({ id: user.id, email: current.email }, await siteUrl(), '/pricing');
  if (!sent.allowed) return { error: t('tooManyVerificationLinks', { wait: await retryAfterText(sent.retryAfterSeconds) }) };
  return { success: t('newLinkSent', { email: current.email }) };
});
