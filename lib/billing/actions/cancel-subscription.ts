'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { cancelAtPeriodEnd } from '../cancellation';
import { emptySchema } from '../schemas';
import { billingAction } from './billing-action';

export const cancelSubscription = billingAction(emptySchema, async (_input, user) => {
  await cancelAtPeriodEnd(user.id);
  revalidatePath('/', 'layout');
  // The page says so at its top (the cancel button itself is gone once the cancellation is on).
  redirect('/billing?done=canceled');
});
