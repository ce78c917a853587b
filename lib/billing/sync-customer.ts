import 'server-only';
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type Stripe from 'stripe';
import { getDb } from '@/db/client';
import { billingCustomers, entitlementSummaries, stripeEvents, subscriptions } from '@/db/schema';
import { stripe } from '@/lib/stripe/client';
import { coalesceByKey } from './coalesce';
import { findUserIdForCustomer } from './customers';
import { rememberFeatures } from './entitlement-cache';
import { summarizePaymentMethod, toSubscriptionRow } from './stripe-mappers';

export type SyncResult = { userId: string; features: string[]; subscriptionIds: string[] };

type StripeState = {
  subscriptions: Stripe.Subscription[];
  defaultPaymentMethod: Stripe.PaymentMethod | string | null;
  features: string[];
};

async function fetchStripeState(customerId: string): Promise<StripeState> {
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
 * Calls for one customer are coalesced within the process: a burst of events (a checkout sends
 * about ten) costs one or two syncs, not ten, while every caller still gets a sync that began
 * after its call. Across processes the row lock below keeps the same guarantee. A webhook passes
 * its event id, which the sync marks processed in the same transaction as the rows it writes.
 */
export const syncStripeCustomer: (customerId: string, eventId?: string, gatherMs?: number) => Promise<SyncResult | null> = coalesceByKey<
  SyncResult | null,
  string
>(async (customerId, eventIds) => {
  let synced = await syncLocked(customerId, eventIds);
  if (synced === NOT_LINKED) {
    // No row links this customer to a user yet (say, a customer made outside the app): link it
    // from Stripe's metadata if the user exists, then sync.
    if (!(await findUserIdForCustomer(customerId))) return null;
    synced = await syncLocked(customerId, eventIds);
    if (synced === NOT_LINKED) return null;
  }
  rememberFeatures(synced.userId, synced.features);
  return synced;
});

const NOT_LINKED = Symbol('not linked');

async function syncLocked(customerId: string, eventIds: string[]): Promise<SyncResult | typeof NOT_LINKED> {
  return getDb().transaction(async (tx) => {
    // Concurrent syncs of one customer queue here, and each fetches only once it holds the lock,
    // so a sync that read older state can never commit after one that read newer state.
    const [link] = await tx
      .select({ userId: billingCustomers.userId })
      .from(billingCustomers)
      .where(eq(billingCustomers.stripeCustomerId, customerId))
      .for('update');
    if (!link) return NOT_LINKED;
    const { userId } = link;

    const state = await fetchStripeState(customerId);
    const syncedAt = new Date();
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
      ...(eventIds.length > 0 ? [tx.update(stripeEvents).set({ processedAt: syncedAt }).where(inArray(stripeEvents.id, eventIds))] : []),
    ]);

    return { userId, features: state.features, subscriptionIds: ids };
  });
}
