'use server';

import { redirect } from 'next/navigation';
import { siteUrl } from '@/lib/site-url';
import { createPortalSession } from '../portal';
import { emptySchema } from '../schemas';
import { billingAction } from './billing-action';

export const openBillingPortal = billingAction(emptySchema, async (_input, user) => {
  redirect(await createPortalSession(user.id, `${await siteUrl()}/billing?from=portal`));
});
