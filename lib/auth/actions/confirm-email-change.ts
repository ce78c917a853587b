'use server';

import { getTranslations } from 'next-intl/server';
import { validatedAction } from '@/lib/actions/validated-action';
import { siteUrl } from '@/lib/site-url';
import { linkTokenSchema } from '../account-settings-schemas';
import { confirmEmailChange as confirm } from '../email-change';
import { refreshSessionClaims } from '../session-claims';

/** The button on the new address's link page; like verification, never the page's GET. */
export const confirmEmailChange = validatedAction(linkTokenSchema, async ({ token }) => {
  const t = await getTranslations('auth.actions');
  const outcome = await confirm(token, await siteUrl());
  if (outcome === 'invalid') return { error: t('emailChangeLinkInvalid') };
  if (outcome === 'taken') return { error: t('emailTaken') };
  await refreshSessionClaims(outcome.changed.userId, { email: outcome.changed.to });
  return { success: t('emailChanged', { email: outcome.changed.to }) };
});
