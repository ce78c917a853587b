import { z } from 'zod';
import { PLAN_IDS } from './plans';

// Messages are keys of messages/*/validation.json, said in the request's language by the action helper.

// Forms name a plan and nothing else: which customer and subscription is always the session's.
export const planSchema = z.object({ plan: z.enum(PLAN_IDS, 'choosePlan') });

// A confirm carries the id of the server's own preview and nothing else about money: the amount,
// proration date and prices are read back from that stored preview, never from the form. Any
// other field a client adds (say, a proration date) is dropped by the parse.
export const changePlanSchema = planSchema.extend({
  previewId: z.uuid('previewAgain'),
});

export const emptySchema = z.object({});

// Which of the user's own notices to dismiss; the action only ever touches the session user's rows.
export const billingNoticeSchema = z.object({ noticeId: z.uuid('noticeMissing') });
