import 'server-only';
import type Stripe from 'stripe';
import { isResourceMissing, stripeCustomerPresence } from '../customers';
import { rememberFeatures } from '@/lib/entitlements/entitlement-cache';
import { syncStripeCustomer, takeTicket, writeIfNewest, type StripeState } from './sync-customer';
import { customerOfEvent } from './handled-events';
import { finishStripeEvent, type SkipReason } from './inbox';

/**
 * `processed`: a customer of ours synced. `skipped`: finished without a sync, the reason kept on
 * the event (inbox.ts SkipReason): an event type we do not handle, a customer that is not ours,
 * or one Stripe no longer has.
 */
export type ProcessOutcome = 'processed' | 'skipped';

/**
 * Stripe sends a customer's events in bursts (a checkout makes about ten within a second). When
 * the server is busy with other syncs, the first event of a burst waits this long before its
 * sync, so the rest join it instead of each costing two Stripe reads and a transaction (and
 * Stripe's rate limit). With `npm run bench:webhooks`, 25-100 ms all cut the syncs by a
 * third or more; 50 ms did as well as any on throughput, at half the worst added wait.
 */
const GATHER_MS = 50;

/** What a customer Stripe no longer has is subscribed to and entitled to. */
const NOTHING: StripeState = { subscriptions: [], defaultPaymentMethod: null, features: [] };

/**
 * Processes an event the inbox holds (lib/billing/sync/inbox.ts; the caller has claimed it): runs
 * the customer's sync, which marks the event processed in the transaction that writes the rows.
 * An event whose sync fails stays unprocessed and the error propagates: the caller records the
 * failure and the sweeper tries again later.
 *
 * The one failure that retrying cannot cure is a customer Stripe no longer has (deleted, or
 * never there): every attempt would fail the same way, forever. Such an event is finished
 * with the reason recorded, once Stripe itself confirms the customer is gone; any other failure
 * (network, rate limit, Stripe's 5xx, our database) propagates and is retried.
 */
export async function processStripeEvent(event: Stripe.Event): Promise<ProcessOutcome> {
  const customerId = customerOfEvent(event);
  if (!customerId) {
    await finishStripeEvent(event.id, 'unhandled_event_type');
    return 'skipped';
  }
  try {
    if (await syncStripeCustomer(customerId, event, GATHER_MS)) return 'processed';
  } catch (error) {
    const presence = isResourceMissing(error) ? await stripeCustomerPresence(customerId) : 'present';
    if (presence === 'present') throw error;
    await forgetCustomer(customerId);
    await finishStripeEvent(event.id, (presence === 'deleted' ? 'customer_deleted' : 'customer_missing') satisfies SkipReason);
    return 'skipped';
  }
  await finishStripeEvent(event.id, 'customer_not_ours');
  return 'skipped';
}

/**
 * A customer Stripe no longer has keeps no subscription and no entitlement (Stripe cancels a
 * deleted customer's subscriptions at once). If one of our users was linked to it, their copy
 * says so now: otherwise the rows would keep granting what Stripe ended, since every later sync
 * of that customer fails the same way. Written under a sync ticket like any sync, and final:
 * a customer does not come back.
 */
async function forgetCustomer(customerId: string): Promise<void> {
  const link = await takeTicket(customerId);
  if (!link) return;
  const synced = await writeIfNewest(customerId, link, NOTHING, []);
  rememberFeatures(synced.userId, synced.features);
}
