'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { validatedActionWithUser } from '@/lib/actions/validated-action';
import { resumeSubscription as resume } from '../cancellation';
import { emptySchema } from '../schemas';

export const resumeSubscription = validatedActionWithUser(emptySchema, async (_input, user) => {
  await resume(user.id);
  revalidatePath('/', 'layout');
  // The page says so at its top (the banner holding the button is gone once the plan renews).
  redirect('/billing?done=resumed');
});
