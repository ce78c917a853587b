import type { SubscriptionRow } from '@/db/schema';

/** Statuses in which a subscription still bills: a user with one changes plan instead of buying again. */
const LIVE_STATUSES = new Set(['trialing', 'active', 'past_due', 'unpaid', 'paused']);

/**
 * For our rows and Stripe's objects alike. In a module of its own so the webhook's sync can use it
 * without loading what the rest of the billing code needs (the session, Auth.js).
 */
export function isLive(subscription: Pick<SubscriptionRow, 'status'>): boolean {
  return LIVE_STATUSES.has(subscription.status);
}
