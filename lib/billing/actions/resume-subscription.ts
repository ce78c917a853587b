'use server';

import { revalidatePath } from 'next/cache';
import { validatedActionWithUser } from '@/lib/actions/validated-action';
import { resumeSubscription as resume } from '../cancellation';
import { emptySchema } from '../schemas';

export const resumeSubscription = validatedActionWithUser(emptySchema, async (_input, user) => {
  await resume(user.id);
  revalidatePath('/', 'layout');
  return { success: 'Your subscription will renew as usual.' };
});
