import 'server-only';
import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { getDb } from '@/db/client';
import { stripeEvents } from '@/db/schema';
import { syncStripeCustomer } from '../sync-customer';
import { customerOfEvent } from './event-handlers';

export type ProcessOutcome = 'processed' | 'duplicate' | 'ignored';

/**
 * Records the event id once and runs the customer's sync. An event whose sync fails stays
 * unprocessed and the error propagates (the route answers 500, so Stripe sends it again);
 * an event already processed is acknowledged and skipped.
 */
export async function processStripeEvent(event: Stripe.Event): Promise<ProcessOutcome> {
  const db = getDb();
  await db
    .insert(stripeEvents)
    .values({ id: event.id, type: event.type, created: new Date(event.created * 1000) })
    .onConflictDoNothing();
  const recorded = await db.query.stripeEvents.findFirst({
    where: eq(stripeEvents.id, event.id),
    columns: { processedAt: true },
  });
  if (recorded?.processedAt) return 'duplicate';

  const customerId = customerOfEvent(event);
  if (customerId) await syncStripeCustomer(customerId);

  await db.update(stripeEvents).set({ processedAt: new Date() }).where(eq(stripeEvents.id, event.id));
  return customerId ? 'processed' : 'ignored';
}
