'use server';

import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { dismissBillingNotice as dismiss } from '../billing-notices';
import { billingNoticeSchema } from '../schemas';
import { billingAction } from './billing-action';

export const dismissBillingNotice = billingAction(billingNoticeSchema, async ({ noticeId }, user) => {
  await dismiss(user.id, noticeId);
  revalidatePath('/billing');
  return { success: (await getTranslations('billing.notices'))('dismissed') };
});
