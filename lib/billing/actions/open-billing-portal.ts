'use server';

import { redirect } from 'next/navigation';
import { getLocale } from 'next-intl/server';
import { siteUrl } from '@/lib/site-url';
import { createPortalSession } from '../portal';
import { emptySchema } from '../schemas';
import { billingAction } from './billing-action';

export const openBillingPortal = billingAction(emptySchema, async (_input, user) => {
  // The portal speaks the language the user reads the app in.
  redirect(await createPortalSession(user.id, `${await siteUrl()}/billing?from=portal`, await getLocale()));
});
