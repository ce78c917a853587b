import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { subscriptions, type SubscriptionRow } from '@/db/schema';
import { retrieveSubscription } from '@/lib/stripe/reads';
import type { OwnedSubscription } from '@/lib/stripe/reshape';
import { BillingError } from './billing-error';
import { findStripeCustomerId } from './customers';
import { isLive } from './subscription-status';

export { BillingError, isLive };

/** The subscription the billing page is about: the newest live one, else the newest of any status. */
export async function getCurrentSubscription(userId: string): Promise<SubscriptionRow | undefined> {
  const rows = await getDb()
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.userId, userId))
    .orderBy(desc(subscriptions.createdAt));
  return rows.find(isLive) ?? rows[0];
}

/**
 * The signed-in user's live subscription, fresh from Stripe, after checking that Stripe agrees it
 * belongs to the user's own customer. Mutations act only on what this returns: no id from a form
 * ever reaches Stripe.
 */
export async function loadOwnedLiveSubscription(userId: string): Promise<{ subscription: OwnedSubscription; customerId: string }> {
  const [customerId, current] = await Promise.all([findStripeCustomerId(userId), getCurrentSubscription(userId)]);
  if (!customerId || !current || !isLive(current)) throw new BillingError({ key: 'noActiveSubscription' });
  const subscription = await retrieveSubscription(current.id);
  if (subscription.customerId !== customerId) throw new BillingError({ key: 'noActiveSubscription' });
  return { subscription, customerId };
}
