// Every customer's rows against Stripe's state: each subscription (status, price, pending
// cancellation, current period, end) and the active entitlements. The period is part of it so
// that a renewal, which changes nothing else, still has to reach the rows.
import type Stripe from 'stripe';
import { pool } from './deliveries';

/** One customer's billing state as comparable text: sorted subscription lines and the feature list. */
export type CustomerState = { subscriptions: string; features: string };

const seconds = (date: Date | null): number | null => (date ? Math.round(date.getTime() / 1000) : null);

function subscriptionLine(s: {
  id: string;
  status: string;
  lookupKey: string | null;
  cancelAtPeriodEnd: boolean;
  periodStart: number | null;
  periodEnd: number | null;
  endedAt: number | null;
}): string {
  return `${s.id}:${s.status}:${s.lookupKey}:${s.cancelAtPeriodEnd}:${s.periodStart}-${s.periodEnd}:${s.endedAt}`;
}

/**
 * Stripe's state of these customers: their subscriptions in pages of 100 across all customers
 * (two requests per hundred subscriptions instead of one per customer), then each customer's
 * active entitlements, `concurrency` at a time.
 */
export async function readStripeState(stripe: Stripe, customerIds: readonly string[], concurrency = 16): Promise<Map<string, CustomerState>> {
  const wanted = new Set(customerIds);
  const lines = new Map<string, string[]>(customerIds.map((id) => [id, []]));
  await stripe.subscriptions.list({ status: 'all', limit: 100 }).autoPagingEach((s: Stripe.Subscription) => {
    const customer = typeof s.customer === 'string' ? s.customer : s.customer.id;
    if (!wanted.has(customer)) return;
    const item = s.items.data[0];
    lines.get(customer)?.push(
      subscriptionLine({
        id: s.id,
        status: s.status,
        lookupKey: item?.price.lookup_key ?? null,
        cancelAtPeriodEnd: s.cancel_at_period_end,
        periodStart: item?.current_period_start ?? null,
        periodEnd: item?.current_period_end ?? null,
        endedAt: s.ended_at,
      }),
    );
  });
  const state = new Map<string, CustomerState>();
  await pool(customerIds, concurrency, async (customer) => {
    const entitlements = await stripe.entitlements.activeEntitlements.list({ customer, limit: 100 }).autoPagingToArray({ limit: 10_000 });
    state.set(customer, {
      subscriptions: (lines.get(customer) ?? []).sort().join(' '),
      features: [...new Set(entitlements.map((e) => e.lookup_key))].sort().join(),
    });
  });
  return state;
}

/** Our rows for every customer, in two queries. */
export async function readDatabaseState(): Promise<Map<string, CustomerState>> {
  const { getDb } = await import('@/db/client');
  const schema = await import('@/db/schema');
  const [subRows, summaryRows] = await Promise.all([
    getDb()
      .select({
        id: schema.subscriptions.id,
        customer: schema.subscriptions.stripeCustomerId,
        status: schema.subscriptions.status,
        lookupKey: schema.subscriptions.priceLookupKey,
        cancelAtPeriodEnd: schema.subscriptions.cancelAtPeriodEnd,
        periodStart: schema.subscriptions.currentPeriodStart,
        periodEnd: schema.subscriptions.currentPeriodEnd,
        endedAt: schema.subscriptions.endedAt,
      })
      .from(schema.subscriptions),
    getDb().select({ customer: schema.entitlementSummaries.stripeCustomerId, features: schema.entitlementSummaries.features }).from(schema.entitlementSummaries),
  ]);
  const lines = new Map<string, string[]>();
  for (const r of subRows) {
    const line = subscriptionLine({ ...r, periodStart: seconds(r.periodStart), periodEnd: seconds(r.periodEnd), endedAt: seconds(r.endedAt) });
    lines.set(r.customer, [...(lines.get(r.customer) ?? []), line]);
  }
  const state = new Map<string, CustomerState>();
  for (const [customer, list] of lines) state.set(customer, { subscriptions: list.sort().join(' '), features: '' });
  for (const r of summaryRows) state.set(r.customer, { subscriptions: state.get(r.customer)?.subscriptions ?? '', features: [...r.features].sort().join() });
  return state;
}

/** Where our rows differ from Stripe's, one line per difference. */
export function differences(stripe: Map<string, CustomerState>, ours: Map<string, CustomerState>): string[] {
  const problems: string[] = [];
  for (const [customer, want] of stripe) {
    const have = ours.get(customer) ?? { subscriptions: '', features: '' };
    if (want.subscriptions !== have.subscriptions) problems.push(`${customer} subscriptions: Stripe ${want.subscriptions} / ours ${have.subscriptions}`);
    if (want.features !== have.features) problems.push(`${customer} entitlements: Stripe [${want.features}] / ours [${have.features}]`);
  }
  return problems;
}
