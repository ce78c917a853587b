import { z } from 'zod';

// Forms name a plan and nothing else: which customer and subscription is always the session's.
export const planSchema = z.object({ plan: z.enum(['basic', 'premium'], 'Choose Basic or Premium.') });

export const changePlanSchema = planSchema.extend({
  prorationDate: z.coerce.number().int().positive().optional(),
});

export const emptySchema = z.object({});

// Which of the user's own notices to dismiss; the action only ever touches the session user's rows.
export const billingNoticeSchema = z.object({ noticeId: z.uuid('That notice does not exist.') });
