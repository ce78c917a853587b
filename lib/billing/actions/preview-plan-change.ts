'use server';

import { validatedActionWithUser } from '@/lib/actions/validated-action';
import { previewPlanChange as preview, type PlanChangePreview } from '../plan-change';
import { planSchema } from '../schemas';

export const previewPlanChange = validatedActionWithUser<typeof planSchema, PlanChangePreview>(
  planSchema,
  async ({ plan }, user) => ({ data: await preview(user.id, plan) }),
);
