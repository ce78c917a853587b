'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { resumeSubscription as resume } from '../cancellation';
import { emptySchema } from '../schemas';
import { billingAction } from './billing-action';

export const resumeSubscription = billingAction(emptySchema, async (_input, user) => {
  await resume(user.id);
  revalidatePath('/', 'layout');
  // The page says so at its top (the banner holding the button is gone once the plan renews).
  redirect('/billing?done=resumed');
});
