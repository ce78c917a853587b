import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { preparedStatements } from '@/db/client';
import { stripeEvents } from '@/db/schema';
import { syncStripeCustomer } from '../sync-customer';
import { customerOfEvent } from './event-handlers';

export type ProcessOutcome = 'processed' | 'duplicate' | 'ignored';

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
  markProcessed: db
    .update(stripeEvents)
    .set({ processedAt: sql`now()` })
    .where(eq(stripeEvents.id, sql.placeholder('id')))
    .prepare('mark_stripe_event_processed'),
}));

/**
 * Records the event id once and runs the customer's sync, which marks the event processed in
 * the transaction that writes the rows. An event whose sync fails stays unprocessed and the
 * error propagates (the route answers 500, so Stripe sends it again); an event already
 * processed is acknowledged and skipped.
 */
export async function processStripeEvent(event: Stripe.Event): Promise<ProcessOutcome> {
  const { record, find, markProcessed } = statements();
  const inserted = await record.execute({ id: event.id, type: event.type, created: new Date(event.created * 1000) });
  if (inserted.length === 0) {
    // Seen before: done, unless that attempt failed (or is still running), so it goes again.
    const [recorded] = await find.execute({ id: event.id });
    if (recorded?.processedAt) return 'duplicate';
  }

  const customerId = customerOfEvent(event);
  if (customerId && (await syncStripeCustomer(customerId, event.id, GATHER_MS))) return 'processed';
  await markProcessed.execute({ id: event.id });
  return customerId ? 'processed' : 'ignored';
}
