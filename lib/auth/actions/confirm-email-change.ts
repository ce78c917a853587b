'use server';

import { validatedAction } from '@/lib/actions/validated-action';
import { siteUrl } from '@/lib/site-url';
import { linkTokenSchema } from '../account-settings-schemas';
import { confirmEmailChange as confirm } from '../email-change';
import { refreshSessionClaims } from '../session-claims';

/** The button on the new address's link page; like verification, never the page's GET. */
export const confirmEmailChange = validatedAction(linkTokenSchema, async ({ token }) => {
  const outcome = await confirm(token, await siteUrl());
  if (outcome === 'invalid') return { error: 'This link has expired or has already been used. Ask for a new one from your account page.' };
  if (outcome === 'taken') return { error: 'Another account uses this address now, so your email was not changed.' };
  await refreshSessionClaims(outcome.changed.userId, { email: outcome.changed.to });
  return { success: `Your account now uses ${outcome.changed.to}. Sign in with it from now on.` };
});
