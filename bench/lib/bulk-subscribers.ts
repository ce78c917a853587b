// Thousands of subscribed customers, fast: users written straight into the database (no password
// hashing: nobody signs in), each linked to a Stripe customer made through the SDK with a card and
// a monthly subscription, the way an imported customer base looks. Then one full sync per
// customer (invoices included) through the app's own code, as `npm run stripe:resync` does, so
// the rows start equal to Stripe's, as in a running deployment.
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { pool } from './deliveries';
import type { Stack } from './stack';
import type { BenchUser } from './users';

/** What the next renewal does: most are paid; some cards decline (past due), some end (canceled at period end). */
export type Fate = 'renews' | 'declines' | 'ends';

export type Subscriber = BenchUser & { subscriptionId: string; fate: Fate; periodEnd: number };

function fateOf(i: number): Fate {
  if (i % 20 === 7) return 'declines';
  if (i % 20 === 13) return 'ends';
  return 'renews';
}

async function priceIds(stripe: Stripe): Promise<{ basic: string; premium: string }> {
  const { PLANS } = await import('@/lib/billing/plans');
  const lookupKey = (id: string) => PLANS.find((plan) => plan.id === id)?.lookupKey ?? '';
  const keys = { basic: lookupKey('basic'), premium: lookupKey('premium') };
  const prices = await stripe.prices.list({ lookup_keys: Object.values(keys), limit: 10 });
  const idOf = (key: string) => {
    const price = prices.data.find((p) => p.lookup_key === key);
    if (!price) throw new Error(`no price ${key} in the catalog`);
    return price.id;
  };
  return { basic: idOf(keys.basic), premium: idOf(keys.premium) };
}

/**
 * `count` subscribers whose subscriptions start spread over `spreadSeconds` of the emulator's
 * clock (in 60 steps), so that they all renew within that span a month later. Four in ten are
 * on Basic, the rest on Premium.
 */
export async function createSubscribers(stack: Stack, count: number, { spreadSeconds = 3600, concurrency = 16 } = {}): Promise<Subscriber[]> {
  const { getDb } = await import('@/db/client');
  const { billingCustomers, users } = await import('@/db/schema');
  const { resyncStripeCustomer } = await import('@/lib/billing/sync/sync-customer');
  const { stripe } = stack;
  const prices = await priceIds(stripe);
  const run = Date.now().toString(36);
  const people = Array.from({ length: count }, (_, i) => ({ id: randomUUID(), email: `storm-${run}-${i}@bench.example` }));
  for (let start = 0; start < count; start += 1000) await getDb().insert(users).values(people.slice(start, start + 1000));

  const steps = Math.min(60, count);
  const subscribers: Subscriber[] = [];
  for (let step = 0; step < steps; step++) {
    const batch = people.slice(Math.floor((step * count) / steps), Math.floor(((step + 1) * count) / steps));
    const offset = Math.floor((step * count) / steps);
    subscribers.push(
      ...(await pool(batch, concurrency, async (person, j): Promise<Subscriber> => {
        const i = offset + j;
        const fate = fateOf(i);
        const customer = await stripe.customers.create({ email: person.email, metadata: { userId: person.id } });
        const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
        let sub = await stripe.subscriptions.create({
          customer: customer.id,
          items: [{ price: i % 10 < 4 ? prices.basic : prices.premium }],
          default_payment_method: card.id,
        });
        if (fate === 'declines') {
          // Attaches, then declines every charge: the renewal fails and the subscription goes past due.
          const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
          sub = await stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
        }
        if (fate === 'ends') sub = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
        const periodEnd = sub.items.data[0]?.current_period_end;
        if (sub.status !== 'active' || !periodEnd) throw new Error(`subscription ${sub.id} is ${sub.status}, expected active`);
        return { userId: person.id, customerId: customer.id, email: person.email, subscriptionId: sub.id, fate, periodEnd };
      })),
    );
    await stack.emulator.clock.advance(Math.floor(spreadSeconds / steps));
  }

  for (let start = 0; start < count; start += 1000) {
    await getDb()
      .insert(billingCustomers)
      .values(subscribers.slice(start, start + 1000).map((s) => ({ userId: s.userId, stripeCustomerId: s.customerId })));
  }
  await pool(subscribers, concurrency, (s) => resyncStripeCustomer(s.customerId, { invoices: true }));
  return subscribers;
}
