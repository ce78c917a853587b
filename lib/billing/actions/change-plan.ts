'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { changePlan as change } from '../plan-change';
import { changePlanSchema } from '../schemas';
import { billingAction } from './billing-action';

// The form names the plan and the server's own preview; what is charged comes from that preview.
export const changePlan = billingAction(changePlanSchema, async ({ plan, previewId }, user) => {
  await change(user.id, plan, previewId);
  revalidatePath('/', 'layout');
  // The switcher that sent this disappears with the new plan, so the page itself says it worked.
  redirect(`/billing?changed=${plan}`);
});
