'use server';

import { validatedActionWithUser } from '@/lib/actions/validated-action';
import { siteUrl } from '@/lib/site-url';
import { emptySchema } from '../account-schemas';
import { currentEmailOf, sendVerificationMail } from '../email-verification';
import { retryAfterText } from '../rate-limits';

/** "Resend": a new link to the signed-in user's own address, counted against the address's hourly share. */
export const resendVerification = validatedActionWithUser(emptySchema, async (_input, user) => {
  const current = await currentEmailOf(user.id);
  if (!current) return { error: 'This account has no email address to confirm.' };
  if (current.verified) return { success: 'Your email address is already confirmed.' };
  const sent = await sendVerificationMail({ id: user.id, email: current.email }, await siteUrl(), '/pricing');
  if (!sent.allowed) return { error: `We have sent several links to this address already. Try again in ${retryAfterText(sent.retryAfterSeconds)}.` };
  return { success: `We sent a new link to ${current.email}.` };
});
