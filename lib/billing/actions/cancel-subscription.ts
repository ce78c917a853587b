'use server';

import { revalidatePath } from 'next/cache';
import { validatedActionWithUser } from '@/lib/actions/validated-action';
import { cancelAtPeriodEnd } from '../cancellation';
import { emptySchema } from '../schemas';

export const cancelSubscription = validatedActionWithUser(emptySchema, async (_input, user) => {
  await cancelAtPeriodEnd(user.id);
  revalidatePath('/', 'layout');
  return { success: 'Your subscription will end at the close of this billing period.' };
});
