// Every customer's rows against Stripe's state: each subscription (status, price, pending
// cancellation, current period, end), the active entitlements and each invoice (status, amounts).
// The period is part of it so that a paid renewal, which changes nothing else of the
// subscription, still has to reach the rows.
import type Stripe from 'stripe';
import { idOf } from '@/lib/stripe/reference';
import { pool } from './deliveries';

/** One customer's billing state as comparable text: sorted subscription and invoice lines, the feature list. */
export type CustomerState = { subscriptions: string; features: string; invoices: string };

const NOTHING: CustomerState = { subscriptions: '', features: '', invoices: '' };

function invoiceLine(i: { id: string; status: string | null; amountDue: number; amountPaid: number; total: number }): string {
  return `${i.id}:${i.status}:${i.amountDue}/${i.amountPaid}/${i.total}`;
}

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
 * Stripe's state of these customers: their subscriptions and invoices in pages of 100 across all
 * customers (a request per hundred instead of one per customer), then each customer's active
 * entitlements, `concurrency` at a time.
 */
export async function readStripeState(stripe: Stripe, customerIds: readonly string[], concurrency = 16): Promise<Map<string, CustomerState>> {
  const wanted = new Set(customerIds);
  const lines = new Map<string, string[]>(customerIds.map((id) => [id, []]));
  await stripe.subscriptions.list({ status: 'all', limit: 100 }).autoPagingEach((s: Stripe.Subscription) => {
    const customer = idOf(s.customer);
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
  const invoiceLines = new Map<string, string[]>(customerIds.map((id) => [id, []]));
  await stripe.invoices.list({ limit: 100 }).autoPagingEach((i: Stripe.Invoice) => {
    const customer = idOf(i.customer);
    if (!customer || !wanted.has(customer) || !i.id) return;
    invoiceLines.get(customer)?.push(invoiceLine({ id: i.id, status: i.status, amountDue: i.amount_due, amountPaid: i.amount_paid, total: i.total }));
  });
  const state = new Map<string, CustomerState>();
  await pool(customerIds, concurrency, async (customer) => {
    const entitlements = await stripe.entitlements.activeEntitlements.list({ customer, limit: 100 }).autoPagingToArray({ limit: 10_000 });
    state.set(customer, {
      subscriptions: (lines.get(customer) ?? []).sort().join(' '),
      features: [...new Set(entitlements.map((e) => e.lookup_key))].sort().join(),
      invoices: (invoiceLines.get(customer) ?? []).sort().join(' '),
    });
  });
  return state;
}

/** Our rows for every customer (or only `customers`), in three queries. */
export async function readDatabaseState(customers?: readonly string[]): Promise<Map<string, CustomerState>> {
  const { getDb } = await import('@/db/client');
  const schema = await import('@/db/schema');
  const { inArray } = await import('drizzle-orm');
  const only = (column: typeof schema.subscriptions.stripeCustomerId | typeof schema.entitlementSummaries.stripeCustomerId | typeof schema.invoices.stripeCustomerId) =>
    customers ? inArray(column, [...customers]) : undefined;
  const [subRows, summaryRows, invoiceRows] = await Promise.all([
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
      .from(schema.subscriptions)
      .where(only(schema.subscriptions.stripeCustomerId)),
    getDb()
      .select({ customer: schema.entitlementSummaries.stripeCustomerId, features: schema.entitlementSummaries.features })
      .from(schema.entitlementSummaries)
      .where(only(schema.entitlementSummaries.stripeCustomerId)),
    getDb()
      .select({
        id: schema.invoices.id,
        customer: schema.invoices.stripeCustomerId,
        status: schema.invoices.status,
        amountDue: schema.invoices.amountDue,
        amountPaid: schema.invoices.amountPaid,
        total: schema.invoices.total,
      })
      .from(schema.invoices)
      .where(only(schema.invoices.stripeCustomerId)),
  ]);
  const subs = new Map<string, string[]>();
  for (const r of subRows) {
    subs.set(r.customer, [...(subs.get(r.customer) ?? []), subscriptionLine({ ...r, periodStart: seconds(r.periodStart), periodEnd: seconds(r.periodEnd), endedAt: seconds(r.endedAt) })]);
  }
  const invoices = new Map<string, string[]>();
  for (const r of invoiceRows) invoices.set(r.customer, [...(invoices.get(r.customer) ?? []), invoiceLine(r)]);
  const features = new Map(summaryRows.map((r) => [r.customer, [...r.features].sort().join()]));
  const state = new Map<string, CustomerState>();
  for (const customer of new Set([...subs.keys(), ...invoices.keys(), ...features.keys()])) {
    state.set(customer, {
      subscriptions: (subs.get(customer) ?? []).sort().join(' '),
      features: features.get(customer) ?? '',
      invoices: (invoices.get(customer) ?? []).sort().join(' '),
    });
  }
  return state;
}

/** Where our rows differ from Stripe's, one line per difference. */
export function differences(stripe: Map<string, CustomerState>, ours: Map<string, CustomerState>): string[] {
  const problems: string[] = [];
  for (const [customer, want] of stripe) {
    const have = ours.get(customer) ?? NOTHING;
    if (want.subscriptions !== have.subscriptions) problems.push(`${customer} subscriptions: Stripe ${want.subscriptions} / ours ${have.subscriptions}`);
    if (want.features !== have.features) problems.push(`${customer} entitlements: Stripe [${want.features}] / ours [${have.features}]`);
    if (want.invoices !== have.invoices) problems.push(`${customer} invoices: Stripe ${want.invoices} / ours ${have.invoices}`);
  }
  return problems;
}

export const POLL_MS = 1000;

/**
 * Polls our rows every POLL_MS until they equal `expected` for every customer. Resolves with
 * when that first held (ms since `origin`), or null once `giveUp()` says to stop waiting, and
 * the number of polls (each is three queries). A customer whose rows have matched is not read
 * again (the final check reads everyone), so that polling takes little from the run it watches.
 */
export async function watchConvergence(expected: Map<string, CustomerState>, origin: number, giveUp: () => boolean): Promise<{ atMs: number | null; polls: number }> {
  let waiting = new Map(expected);
  for (let polls = 1; ; polls++) {
    const ours = await readDatabaseState([...waiting.keys()]);
    waiting = new Map([...waiting].filter(([customer, want]) => differences(new Map([[customer, want]]), ours).length > 0));
    if (waiting.size === 0) return { atMs: performance.now() - origin, polls };
    if (giveUp()) return { atMs: null, polls };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
