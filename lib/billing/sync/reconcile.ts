import 'server-only';
import { and, eq, exists, inArray, isNull, lt, notInArray, or, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { billingCustomers, subscriptions, type SubscriptionStatus } from '@/db/schema';
import { stripe } from '@/lib/stripe/client';
import { asBackgroundStripeWork } from '@/lib/stripe/rate-budget';
import { isResourceMissing, stripeCustomerPresence } from '../customers';
import { rememberFeatures } from '@/lib/entitlements/entitlement-cache';
import { resyncStripeCustomer, takeTicket, writeIfNewest } from './sync-customer';

type ReconcileResult = { checked: number; synced: number; failed: number };

/**
 * Webhooks can be lost (an endpoint down for longer than Stripe's three days of retries, a
 * misconfigured secret, a deleted endpoint), and then nothing tells us that access should end.
 * Reconciliation re-reads, in full, the customers whose state can have moved:
 *
 * - a subscription whose period end, cancel_at or trial end has passed on Stripe's clock since
 *   the version our row holds (renewal, cancellation at period end, trial end: the moments
 *   access changes without anyone acting);
 * - a subscription in a state that moves on its own (past_due, unpaid, incomplete, trialing,
 *   paused: payment retries, dunning, expiry) not read in full for STATUS_MAX_AGE;
 * - any customer not read in full for a day (`billing_customer.synced_at`; event objects do not
 *   count), which also catches what no rule foresaw, such as a subscription canceled at once
 *   in the Dashboard with its webhook lost.
 *
 * Stalest first, a few at a time, every Stripe call inside the background share of the rate
 * budget (lib/stripe/rate-budget.ts), and with a time budget so a cron run ends in time; what is
 * left is first in line next run. With `all`, every customer (npm run stripe:resync).
 * Run every 15-30 minutes (the cron), access ends within the hour after it should.
 */
export async function reconcileStripeCustomers({ limit, all = false }: { limit?: number; all?: boolean } = {}): Promise<ReconcileResult> {
  return asBackgroundStripeWork(async () => {
    const customers = all ? await everyCustomer(limit) : await customersDue(limit ?? DEFAULT_LIMIT, await stripeNow());
    const deadline = all ? Number.POSITIVE_INFINITY : Date.now() + TIME_BUDGET_MS;
    const result: ReconcileResult = { checked: 0, synced: 0, failed: 0 };
    let next = 0;
    const worker = async () => {
      while (next < customers.length && Date.now() < deadline) {
        const customerId = customers[next++] ?? '';
        result.checked++;
        try {
          if (await resyncOrForget(customerId)) result.synced++;
        } catch (error) {
          result.failed++;
          console.error(`[entitle] reconciliation could not re-sync Stripe customer ${customerId}; it stays first in line`, error);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return result;
  });
}

const DEFAULT_LIMIT = 200;
/** The cron route allows 60 s, half of it for the webhook inbox. */
const TIME_BUDGET_MS = 20_000;
/** The rate budget paces the requests; this only keeps a few reads in flight. */
const CONCURRENCY = 4;
const STATUS_MAX_AGE = '30 minutes';
const FULL_READ_MAX_AGE = '1 day';

/** Stripe's clock (its Date header), which is what period ends and trial ends are measured on. */
async function stripeNow(): Promise<number> {
  const page = await stripe().customers.list({ limit: 1 });
  const date = Date.parse(page.lastResponse.headers.date ?? '');
  return Math.floor((Number.isNaN(date) ? Date.now() : date) / 1000);
}

async function customersDue(limit: number, now: number): Promise<string[]> {
  const db = getDb();
  const bc = billingCustomers;
  const s = subscriptions;
  // Passed on Stripe's clock, after the version our row holds: nothing has read it since.
  const passed = (column: AnyPgColumn) =>
    sql`(${column} is not null and extract(epoch from ${column}) <= ${now}::bigint and extract(epoch from ${column}) > ${s.asOfMax})`;
  const olderThan = (age: string) => or(isNull(bc.syncedAt), lt(bc.syncedAt, sql`now() - ${age}::interval`));
  const moving = db
    .select({ one: sql`1` })
    .from(s)
    .where(
      and(
        eq(s.stripeCustomerId, bc.stripeCustomerId),
        notInArray(s.status, ['canceled', 'incomplete_expired']),
        or(passed(s.currentPeriodEnd), passed(s.cancelAt), passed(s.trialEnd), and(inArray(s.status, MOVING_STATUSES), olderThan(STATUS_MAX_AGE))),
      ),
    );
  const rows = await db
    .select({ customerId: bc.stripeCustomerId })
    .from(bc)
    .where(or(olderThan(FULL_READ_MAX_AGE), exists(moving)))
    .orderBy(sql`${bc.syncedAt} asc nulls first`, bc.stripeCustomerId)
    .limit(limit);
  return rows.map((row) => row.customerId);
}

const MOVING_STATUSES: SubscriptionStatus[] = ['past_due', 'unpaid', 'incomplete', 'trialing', 'paused'];

async function everyCustomer(limit: number | undefined): Promise<string[]> {
  const query = getDb()
    .select({ customerId: billingCustomers.stripeCustomerId })
    .from(billingCustomers)
    .orderBy(sql`${billingCustomers.syncedAt} asc nulls first`, billingCustomers.stripeCustomerId);
  const rows = limit === undefined ? await query : await query.limit(limit);
  return rows.map((row) => row.customerId);
}

/**
 * A full read with the latest invoices. A customer Stripe no longer has keeps nothing (Stripe
 * cancels a deleted customer's subscriptions): its rows are emptied under a ticket, finally.
 */
async function resyncOrForget(customerId: string): Promise<boolean> {
  try {
    return (await resyncStripeCustomer(customerId, { invoices: true })) !== null;
  } catch (error) {
    if (!isResourceMissing(error) || (await stripeCustomerPresence(customerId)) === 'present') throw error;
    const link = await takeTicket(customerId);
    if (!link) return false;
    const synced = await writeIfNewest(customerId, link, { subscriptions: [], defaultPaymentMethod: null, features: [] }, []);
    rememberFeatures(synced.userId, synced.features);
    return true;
  }
}
