import 'server-only';
import { stripe } from '@/lib/stripe/client';
import { BillingError } from './billing-error';
import { loadOwnedLiveSubscription } from './subscriptions';
import { syncStripeCustomer } from './sync/sync-customer';

/** Cancels at the end of the paid period: access stays until then, as Stripe's entitlements say. */
export async function cancelAtPeriodEnd(userId: string): Promise<void> {
  const { subscription, customerId } = await loadOwnedLiveSubscription(userId);
  if (subscription.cancelAtPeriodEnd) throw new BillingError({ key: 'alreadyCanceling' });
  await stripe().subscriptions.update(subscription.id, { cancel_at_period_end: true });
  await syncStripeCustomer(customerId);
}

/** Withdraws a pending cancellation. */
export async function resumeSubscription(userId: string): Promise<void> {
  const { subscription, customerId } = await loadOwnedLiveSubscription(userId);
  if (!subscription.cancelAtPeriodEnd && !subscription.cancelAt) {
    throw new BillingError({ key: 'notCanceling' });
  }
  await stripe().subscriptions.update(
    subscription.id,
    subscription.cancelAtPeriodEnd ? { cancel_at_period_end: false } : { cancel_at: '' },
  );
  await syncStripeCustomer(customerId);
}
