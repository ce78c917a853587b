import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStripeEmulator, type StripeEmulator } from '../src/index.js';

let emulator: StripeEmulator;
let stripe: Stripe;

beforeEach(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  stripe = new Stripe('sk_test_scale', { ...emulator.stripeConfig, maxNetworkRetries: 0, telemetry: false });
});
afterEach(async () => {
  await emulator.stop();
});

async function inParallel(n: number, width: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) await work(next++);
  }));
}

describe('a renewal storm', () => {
  it('renews every subscription at its own moment, and GET /v1/events pages through all of it exactly once', async () => {
    const count = 150;
    const product = await stripe.products.create({ name: 'Storm' });
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' } });
    const subs: Stripe.Subscription[] = [];
    await inParallel(count, 8, async (i) => {
      const customer = await stripe.customers.create({ email: `storm${i}@example.com` });
      const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
      await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
      subs.push(await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] }));
      // Spread the renewals over the hour, a few seconds apart.
      if (i % 10 === 9) await emulator.clock.advance(7);
    });
    const lastBefore = (await stripe.events.list({ limit: 1 })).data[0]?.id ?? '';

    await emulator.clock.advance(32 * 86400);

    const listed: Stripe.Event[] = [];
    for await (const event of stripe.events.list({ limit: 100, ending_before: lastBefore })) listed.push(event);
    expect(new Set(listed.map((e) => e.id)).size).toBe(listed.length);
    const paid = listed.filter((e) => e.type === 'invoice.paid');
    expect(paid).toHaveLength(count);
    // Each renewal ran at its subscription's period end, so the renewal events carry those times.
    const periodEnds = new Map(subs.map((s) => [s.id, s.items.data[0]?.current_period_end]));
    for (const event of paid) {
      if (event.type !== 'invoice.paid') continue;
      const subId = event.data.object.parent?.subscription_details?.subscription;
      expect(event.created).toBe(periodEnds.get(typeof subId === 'string' ? subId : ''));
    }
    // stripe-node walks an ending_before list towards newer events, so this is oldest first,
    // and the events were emitted in time order: created never decreases.
    const chronological = listed.map((e) => e.created);
    expect(chronological).toEqual([...chronological].sort((a, b) => a - b));

    // Paging forward from the oldest reaches the same events, newest first as Stripe lists them.
    const forward: string[] = [];
    for await (const event of stripe.events.list({ limit: 37, created: { gte: chronological[0] ?? 0 } })) {
      if (event.id === lastBefore) break;
      forward.push(event.id);
    }
    expect(forward).toEqual([...listed].reverse().map((e) => e.id));

    for (const sub of subs.slice(0, 5)) {
      const invoices = await stripe.invoices.list({ subscription: sub.id });
      expect(invoices.data.map((i) => i.billing_reason)).toEqual(['subscription_cycle', 'subscription_create']);
      expect(invoices.data.every((i) => i.status === 'paid')).toBe(true);
    }
  });

  it('customers listed by email follow an email change', async () => {
    const a = await stripe.customers.create({ email: 'old@example.com' });
    const b = await stripe.customers.create({ email: 'other@example.com' });
    await stripe.customers.update(a.id, { email: 'other@example.com' });
    expect((await stripe.customers.list({ email: 'old@example.com' })).data).toHaveLength(0);
    // Newest first by creation, whichever changed its email last.
    expect((await stripe.customers.list({ email: 'other@example.com' })).data.map((c) => c.id)).toEqual([b.id, a.id]);
    await stripe.customers.del(b.id);
    expect((await stripe.customers.list({ email: 'other@example.com' })).data.map((c) => c.id)).toEqual([a.id]);
  });
});
