'use server';

import { revalidatePath } from 'next/cache';
import { validatedActionWithUser } from '@/lib/actions/validated-action';
import { dismissBillingNotice as dismiss } from '../billing-notices';
import { billingNoticeSchema } from '../schemas';

export const dismissBillingNotice = validatedActionWithUser(billingNoticeSchema, async ({ noticeId }, user) => {
  await dismiss(user.id, noticeId);
  revalidatePath('/billing');
  return { success: 'Dismissed.' };
});
