import 'server-only';
import { and, eq, inArray, lt, notInArray, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { getDb } from '@/db/client';
import { billingCustomers, entitlementSummaries, stripeEvents, subscriptions } from '@/db/schema';
import { stripe } from '@/lib/stripe/client';
import { coalesceByKey } from '../coalesce';
import { findUserIdForCustomer } from '../customers';
import { settleDuplicateSubscriptions } from './duplicate-subscriptions';
import { rememberFeatures } from '../entitlement-cache';
import { summarizePaymentMethod, toSubscriptionRow } from './stripe-mappers';

export type SyncResult = { userId: string; features: string[]; subscriptionIds: string[] };

export type StripeState = {
  subscriptions: Stripe.Subscription[];
  defaultPaymentMethod: Stripe.PaymentMethod | string | null;
  features: string[];
};

export async function fetchStripeState(customerId: string): Promise<StripeState> {
  const client = stripe();
  const [subs, entitlements] = await Promise.all([
    // The customer comes expanded on each subscription, for its default payment method: one
    // request fewer per sync than retrieving it too (and none at all without subscriptions,
    // when there is no row to show it on).
    client.subscriptions
      .list({
        customer: customerId,
        status: 'all',
        limit: 100,
        expand: ['data.default_payment_method', 'data.customer.invoice_settings.default_payment_method'],
      })
      .autoPagingToArray({ limit: 1000 }),
    // Every page: the summary inside an event lists only the first ten.
    client.entitlements.activeEntitlements.list({ customer: customerId, limit: 100 }).autoPagingToArray({ limit: 10_000 }),
  ]);
  const customer = subs[0]?.customer;
  return {
    subscriptions: subs,
    defaultPaymentMethod: customer && typeof customer !== 'string' && !customer.deleted ? customer.invoice_settings.default_payment_method : null,
    features: [...new Set(entitlements.map((e) => e.lookup_key))].sort(),
  };
}

/**
 * Makes our copy of a customer's billing state equal to Stripe's, whatever event prompted it.
 * Because it always reads the current state instead of applying the event, duplicated and
 * out-of-order events end in the same rows. Returns null for a customer that is not one of ours.
 *
 * Ordering, across every instance: a sync takes a ticket (a database sequence) before it reads
 * Stripe, and writes only if no sync with a later ticket has written yet. A later ticket means a
 * later reading, so an older reading can never overwrite a newer one; and the sync an event
 * triggers, or one that started after it, always writes. No transaction or lock is held while
 * Stripe answers, so a slow Stripe call never keeps a database connection.
 *
 * Calls for one customer are coalesced within the process: a burst of events (a checkout sends
 * about ten) costs one or two syncs, not ten, while every caller still gets a sync that began
 * after its call. A webhook passes its event id, which the sync marks processed in the same
 * transaction as the rows it writes.
 */
export const syncStripeCustomer: (customerId: string, eventId?: string, gatherMs?: number) => Promise<SyncResult | null> = coalesceByKey<
  SyncResult | null,
  string
>(async (customerId, eventIds) => {
  let link = await takeTicket(customerId);
  if (!link) {
    // No row links this customer to a user yet (say, a customer made outside the app): link it
    // from Stripe's metadata if the user exists, then sync.
    if (!(await findUserIdForCustomer(customerId))) return null;
    link = await takeTicket(customerId);
    if (!link) return null;
  }
  let state = await fetchStripeState(customerId);
  // A second live subscription is canceled and refunded here; the rows then show the canceled one.
  if (await settleDuplicateSubscriptions(link.userId, state.subscriptions)) state = await fetchStripeState(customerId);
  const synced = await writeIfNewest(customerId, link, state, eventIds);
  rememberFeatures(synced.userId, synced.features);
  return synced;
});

export type SyncTicket = { userId: string; ticket: number };

/** The customer's user and a fresh ticket, or null when the customer is not linked to a user. */
export async function takeTicket(customerId: string): Promise<SyncTicket | null> {
  const [link] = await getDb()
    .select({ userId: billingCustomers.userId, ticket: sql<string>`nextval('stripe_sync_ticket')`.mapWith(Number) })
    .from(billingCustomers)
    .where(eq(billingCustomers.stripeCustomerId, customerId));
  return link ?? null;
}

/**
 * Writes the state read under `ticket`, unless a sync with a later ticket already has (its
 * reading is newer: the rows stay, and the result reports them). Either way the events are
 * marked processed, since rows at least as new as this reading are in place.
 */
export async function writeIfNewest(customerId: string, { userId, ticket }: SyncTicket, state: StripeState, eventIds: string[]): Promise<SyncResult> {
  return getDb().transaction(async (tx) => {
    const syncedAt = new Date();
    const markEvents = eventIds.length > 0 ? [tx.update(stripeEvents).set({ processedAt: syncedAt }).where(inArray(stripeEvents.id, eventIds))] : [];
    // Takes the customer's row lock: concurrent writers of one customer go one at a time.
    const [newest] = await tx
      .update(billingCustomers)
      .set({ syncedTicket: ticket })
      .where(and(eq(billingCustomers.stripeCustomerId, customerId), lt(billingCustomers.syncedTicket, ticket)))
      .returning({ userId: billingCustomers.userId });
    if (!newest) {
      const marked = Promise.all(markEvents);
      const [current, rows] = await Promise.all([
        tx.select({ features: entitlementSummaries.features }).from(entitlementSummaries).where(eq(entitlementSummaries.stripeCustomerId, customerId)),
        tx.select({ id: subscriptions.id }).from(subscriptions).where(eq(subscriptions.stripeCustomerId, customerId)),
      ]);
      await marked;
      return { userId, features: current[0]?.features ?? [], subscriptionIds: rows.map((r) => r.id) };
    }

    const fallback = summarizePaymentMethod(state.defaultPaymentMethod);
    const rows = state.subscriptions.flatMap((s) => toSubscriptionRow(s, userId, fallback, syncedAt) ?? []);
    const ids = rows.map((row) => row.id);
    const summary = { stripeCustomerId: customerId, userId, features: state.features, syncedAt };
    // Issued together, so the driver pipelines them: one round trip instead of one per statement.
    await Promise.all([
      ...rows.map((row) => tx.insert(subscriptions).values(row).onConflictDoUpdate({ target: subscriptions.id, set: row })),
      tx
        .delete(subscriptions)
        .where(
          ids.length > 0
            ? and(eq(subscriptions.stripeCustomerId, customerId), notInArray(subscriptions.id, ids))
            : eq(subscriptions.stripeCustomerId, customerId),
        ),
      tx.insert(entitlementSummaries).values(summary).onConflictDoUpdate({ target: entitlementSummaries.stripeCustomerId, set: summary }),
      ...markEvents,
    ]);
    return { userId, features: state.features, subscriptionIds: ids };
  });
}
