'use server';

import { redirect } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { isEmailVerified } from '@/lib/auth/email-verification';
import { siteUrl } from '@/lib/site-url';
import { startCheckout as start } from '../checkout';
import { planSchema } from '../schemas';
import { billingAction } from './billing-action';

export const startCheckout = billingAction(planSchema, async ({ plan }, user) => {
  // Checked here, on the server, whatever the page showed: receipts, the Stripe customer's email
  // and password resets go to this address, so it must be the payer's. Both checkout UIs (hosted
  // and the Payment Element's /checkout/pay, which needs a session made here) start from this action.
  if (!(await isEmailVerified(user.id))) {
    return { error: (await getTranslations('billing.checkout'))('verifyEmailFirst') };
  }
  // Checkout speaks the language the user reads the app in.
  const started = await start(user.id, plan, await siteUrl(), await getLocale());
  if (started.kind === 'elements') redirect(`/checkout/pay?session_id=${encodeURIComponent(started.sessionId)}`);
  redirect(started.url);
});
