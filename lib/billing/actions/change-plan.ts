'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { validatedActionWithUser } from '@/lib/actions/validated-action';
import { changePlan as change } from '../plan-change';
import { changePlanSchema } from '../schemas';

export const changePlan = validatedActionWithUser(changePlanSchema, async ({ plan, prorationDate }, user) => {
  await change(user.id, plan, prorationDate);
  revalidatePath('/', 'layout');
  // The switcher that sent this disappears with the new plan, so the page itself says it worked.
  redirect(`/billing?changed=${plan}`);
});
