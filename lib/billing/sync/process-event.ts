import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { preparedStatements } from '@/db/client';
import { stripeEvents } from '@/db/schema';
import { isResourceMissing, stripeCustomerPresence } from '../customers';
import { rememberFeatures } from '../entitlement-cache';
import { syncStripeCustomer, takeTicket, writeIfNewest, type StripeState } from './sync-customer';
import { customerOfEvent } from './handled-events';

/**
 * `ignored`: nothing of ours to sync (an event type we do not handle, or a customer not linked to
 * any user). `skipped`: Stripe no longer has the customer, so there is nothing left to read.
 */
export type ProcessOutcome = 'processed' | 'duplicate' | 'ignored' | 'skipped';

/** Why an event was acknowledged without a sync, kept in `stripe_event.skipped_reason`. */
export type SkipReason = 'unhandled_event_type' | 'customer_not_ours' | 'customer_deleted' | 'customer_missing';

/**
 * Stripe sends a customer's events in bursts (a checkout makes about ten within a second). When
 * the server is busy with other syncs, the first event of a burst waits this long before its
 * sync, so the rest join it instead of each costing two Stripe reads and a transaction (and
 * Stripe's rate limit). With `npm run bench:webhooks`, 25-100 ms all cut the syncs by a
 * third or more; 50 ms did as well as any on throughput, at half the worst added wait.
 */
const GATHER_MS = 50;

const statements = preparedStatements((db) => ({
  record: db
    .insert(stripeEvents)
    .values({ id: sql.placeholder('id'), type: sql.placeholder('type'), created: sql.placeholder('created') })
    .onConflictDoNothing()
    .returning({ id: stripeEvents.id })
    .prepare('record_stripe_event'),
  find: db
    .select({ processedAt: stripeEvents.processedAt })
    .from(stripeEvents)
    .where(eq(stripeEvents.id, sql.placeholder('id')))
    .prepare('find_stripe_event'),
  markSkipped: db
    .update(stripeEvents)
    .set({ processedAt: sql`now()`, skippedReason: sql`${sql.placeholder('reason')}` })
    .where(eq(stripeEvents.id, sql.placeholder('id')))
    .prepare('mark_stripe_event_skipped'),
}));

/** What a customer Stripe no longer has is subscribed to and entitled to. */
const NOTHING: StripeState = { subscriptions: [], defaultPaymentMethod: null, features: [] };

/**
 * Records the event id once and runs the customer's sync, which marks the event processed in
 * the transaction that writes the rows. An event whose sync fails stays unprocessed and the
 * error propagates (the route answers 500, so Stripe sends it again); an event already
 * processed is acknowledged and skipped.
 *
 * The one failure that retrying cannot cure is a customer Stripe no longer has (deleted, or
 * never there): every attempt would fail the same way for the three days Stripe retries. Such an
 * event is acknowledged with the reason recorded, once Stripe itself confirms the customer is
 * gone; any other failure (network, rate limit, Stripe's 5xx, our database) still answers 500.
 */
export async function processStripeEvent(event: Stripe.Event): Promise<ProcessOutcome> {
  const { record, find, markSkipped } = statements();
  const inserted = await record.execute({ id: event.id, type: event.type, created: new Date(event.created * 1000) });
  if (inserted.length === 0) {
    // Seen before: done, unless that attempt failed (or is still running), so it goes again.
    const [recorded] = await find.execute({ id: event.id });
    if (recorded?.processedAt) return 'duplicate';
  }

  const customerId = customerOfEvent(event);
  if (!customerId) {
    await markSkipped.execute({ id: event.id, reason: 'unhandled_event_type' satisfies SkipReason });
    return 'ignored';
  }
  try {
    if (await syncStripeCustomer(customerId, event.id, GATHER_MS)) return 'processed';
  } catch (error) {
    const presence = isResourceMissing(error) ? await stripeCustomerPresence(customerId) : 'present';
    if (presence === 'present') throw error;
    await forgetCustomer(customerId);
    await markSkipped.execute({ id: event.id, reason: (presence === 'deleted' ? 'customer_deleted' : 'customer_missing') satisfies SkipReason });
    return 'skipped';
  }
  await markSkipped.execute({ id: event.id, reason: 'customer_not_ours' satisfies SkipReason });
  return 'ignored';
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
