import 'server-only';
import { and, eq, notInArray } from 'drizzle-orm';
import type Stripe from 'stripe';
import { getDb } from '@/db/client';
import { billingCustomers, entitlementSummaries, subscriptions } from '@/db/schema';
import { stripe } from '@/lib/stripe/client';
import { findUserIdForCustomer } from './customers';
import { summarizePaymentMethod, toSubscriptionRow } from './stripe-mappers';

export type SyncResult = { userId: string; features: string[]; subscriptionIds: string[] };

type StripeState = {
  subscriptions: Stripe.Subscription[];
  defaultPaymentMethod: Stripe.PaymentMethod | string | null;
  features: string[];
};

async function fetchStripeState(customerId: string): Promise<StripeState> {
  const client = stripe();
  const [subs, customer, entitlements] = await Promise.all([
    client.subscriptions
      .list({ customer: customerId, status: 'all', limit: 100, expand: ['data.default_payment_method'] })
      .autoPagingToArray({ limit: 1000 }),
    client.customers.retrieve(customerId, { expand: ['invoice_settings.default_payment_method'] }),
    // Every page: the summary inside an event lists only the first ten.
    client.entitlements.activeEntitlements.list({ customer: customerId, limit: 100 }).autoPagingToArray({ limit: 10_000 }),
  ]);
  return {
    subscriptions: subs,
    defaultPaymentMethod: customer.deleted ? null : customer.invoice_settings.default_payment_method,
    features: [...new Set(entitlements.map((e) => e.lookup_key))].sort(),
  };
}

/**
 * Makes our copy of a customer's billing state equal to Stripe's, whatever event prompted it.
 * Because it always reads the current state instead of applying the event, duplicated and
 * out-of-order events end in the same rows. Returns null for a customer that is not one of ours.
 */
export async function syncStripeCustomer(customerId: string): Promise<SyncResult | null> {
  const userId = await findUserIdForCustomer(customerId);
  if (!userId) return null;

  return getDb().transaction(async (tx) => {
    // Concurrent syncs of one customer queue here, and each fetches only once it holds the lock,
    // so a sync that read older state can never commit after one that read newer state.
    await tx
      .select({ id: billingCustomers.stripeCustomerId })
      .from(billingCustomers)
      .where(eq(billingCustomers.stripeCustomerId, customerId))
      .for('update');

    const state = await fetchStripeState(customerId);
    const syncedAt = new Date();
    const fallback = summarizePaymentMethod(state.defaultPaymentMethod);
    const rows = state.subscriptions.flatMap((s) => toSubscriptionRow(s, userId, fallback, syncedAt) ?? []);

    for (const row of rows) {
      await tx.insert(subscriptions).values(row).onConflictDoUpdate({ target: subscriptions.id, set: row });
    }
    const ids = rows.map((row) => row.id);
    await tx
      .delete(subscriptions)
      .where(
        ids.length > 0
          ? and(eq(subscriptions.stripeCustomerId, customerId), notInArray(subscriptions.id, ids))
          : eq(subscriptions.stripeCustomerId, customerId),
      );

    const summary = { stripeCustomerId: customerId, userId, features: state.features, syncedAt };
    await tx
      .insert(entitlementSummaries)
      .values(summary)
      .onConflictDoUpdate({ target: entitlementSummaries.stripeCustomerId, set: summary });

    return { userId, features: state.features, subscriptionIds: ids };
  });
}
