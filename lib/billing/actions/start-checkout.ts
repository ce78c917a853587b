'use server';

import { redirect } from 'next/navigation';
import { validatedActionWithUser } from '@/lib/actions/validated-action';
import { siteUrl } from '@/lib/site-url';
import { startCheckout as start } from '../checkout';
import { planSchema } from '../schemas';

export const startCheckout = validatedActionWithUser(planSchema, async ({ plan }, user) => {
  const started = await start(user.id, plan, await siteUrl());
  if (started.kind === 'elements') redirect(`/checkout/pay?session_id=${encodeURIComponent(started.sessionId)}`);
  redirect(started.url);
});
