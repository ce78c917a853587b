'use server';

import { redirect } from 'next/navigation';
import { validatedActionWithUser } from '@/lib/actions/validated-action';
import { siteUrl } from '@/lib/site-url';
import { createPortalSession } from '../portal';
import { emptySchema } from '../schemas';

export const openBillingPortal = validatedActionWithUser(emptySchema, async (_input, user) => {
  redirect(await createPortalSession(user.id, `${await siteUrl()}/billing?from=portal`));
});
