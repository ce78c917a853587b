import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';

/**
 * The request sequences of the Stripe CLI's `stripe trigger` fixtures (stripe/stripe-cli,
 * pkg/fixtures/triggers/*.json), made through the SDK, each followed by the event types it
 * produced in order, as a signed-webhook receiver and `GET /v1/events` both see them.
 * Stripe's order for subscriptions is the one docs.stripe.com/billing/subscriptions/webhooks
 * describes: the subscription, then its invoice created, finalized, paid.
 */
let h: Harness;
let s: Stripe;

beforeAll(async () => {
  h = await startHarness();
  s = h.stripe;
});
afterAll(async () => h.close());

/** Runs `steps` and returns the types of the events they caused, oldest first. */
async function sequence(steps: () => Promise<unknown>): Promise<string[]> {
  const newest = (await s.events.list({ limit: 1 })).data[0]?.id;
  const from = await h.mark();
  await steps();
  const received = await h.typesSince(from);
  // The events list tells the same story as the webhooks (newest first, so reversed).
  const listed = newest
    ? (await s.events.list({ ending_before: newest, limit: 100 })).data.map((e) => e.type).reverse()
    : (await s.events.list({ limit: 100 })).data.map((e) => e.type).reverse();
  expect(listed).toEqual(received);
  return received;
}

async function productAndPrice(): Promise<{ product: Stripe.Product; price: Stripe.Price }> {
  const product = await s.products.create({ name: 'myproduct', description: '(created by Stripe CLI)' });
  const price = await s.prices.create({ product: product.id, unit_amount: 1500, currency: 'usd', recurring: { interval: 'month' } });
  return { product, price };
}

describe('customers, payment methods, catalog', () => {
  it('customer.created, customer.updated, customer.deleted', async () => {
    expect(
      await sequence(async () => {
        const c = await s.customers.create({ description: '(created by Stripe CLI)' });
        await s.customers.update(c.id, { description: 'updated' });
        await s.customers.del(c.id);
      }),
    ).toEqual(['customer.created', 'customer.updated', 'customer.deleted']);
  });

  it('payment_method.attached', async () => {
    expect(
      await sequence(async () => {
        const c = await s.customers.create({ description: '(created by Stripe CLI)' });
        await s.paymentMethods.attach('pm_card_visa', { customer: c.id });
      }),
    ).toEqual(['customer.created', 'payment_method.attached']);
  });

  it('a customer created with a payment method: customer.created first', async () => {
    expect(
      await sequence(() => s.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } })),
    ).toEqual(['customer.created', 'payment_method.attached']);
  });

  it('product.created, price.created, product.updated, price.updated, product.deleted', async () => {
    expect(
      await sequence(async () => {
        const { product, price } = await productAndPrice();
        await s.products.update(product.id, { description: 'updated' });
        await s.prices.update(price.id, { nickname: 'updated' });
        const lone = await s.products.create({ name: 'to delete' });
        await s.products.del(lone.id);
      }),
    ).toEqual(['product.created', 'price.created', 'product.updated', 'price.updated', 'product.created', 'product.deleted']);
  });
});

describe('subscriptions', () => {
  it('customer.subscription.created, then its first invoice created, finalized, paid', async () => {
    const { price } = await productAndPrice();
    const c = await s.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    expect(await sequence(() => s.subscriptions.create({ customer: c.id, items: [{ price: price.id }] }))).toEqual([
      'customer.subscription.created',
      'invoice.created',
      'invoice.finalized',
      'payment_intent.created',
      'payment_intent.succeeded',
      'invoice.paid',
      'invoice.payment_succeeded',
      'customer.subscription.updated',
    ]);
  });

  it('customer.subscription.updated and customer.subscription.deleted', async () => {
    const { price } = await productAndPrice();
    const c = await s.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const sub = await s.subscriptions.create({ customer: c.id, items: [{ price: price.id }] });
    expect(await sequence(() => s.subscriptions.update(sub.id, { metadata: { order_id: '6735' } }))).toEqual(['customer.subscription.updated']);
    expect(await sequence(() => s.subscriptions.cancel(sub.id))).toEqual(['customer.subscription.deleted']);
  });

  it('the older form of the updated and deleted triggers: a card source, a plan with an inline product, items[][plan]', async () => {
    const c = await s.customers.create({ description: '(created by Stripe CLI)', source: 'tok_visa' });
    const types = await sequence(async () => {
      const plan = await s.plans.create({ currency: 'usd', interval: 'month', amount: 2000, product: { name: 'myproduct' } });
      expect((await s.prices.retrieve(plan.id)).unit_amount).toBe(2000);
      const sub = await s.subscriptions.create({ customer: c.id, items: [{ plan: plan.id }] });
      expect(sub.status).toBe('active');
      await s.subscriptions.update(sub.id, { metadata: { foo: 'bar' } });
      await s.subscriptions.cancel(sub.id);
    });
    expect(types).toEqual([
      'product.created',
      'plan.created',
      'price.created',
      'customer.subscription.created',
      'invoice.created',
      'invoice.finalized',
      'payment_intent.created',
      'payment_intent.succeeded',
      'invoice.paid',
      'invoice.payment_succeeded',
      'customer.subscription.updated',
      'customer.subscription.updated',
      'customer.subscription.deleted',
    ]);
  });

  it('customer.subscription.paused, then customer.subscription.resumed', async () => {
    const { price } = await productAndPrice();
    const c = await s.customers.create({ description: '(created by Stripe CLI)' });
    const sub = await s.subscriptions.create({
      customer: c.id,
      items: [{ price: price.id }],
      trial_period_days: 7,
      trial_settings: { end_behavior: { missing_payment_method: 'pause' } },
    });
    const paused = await sequence(() => s.subscriptions.update(sub.id, { trial_end: 'now' }));
    expect(paused).toEqual(['customer.subscription.updated', 'customer.subscription.paused']);
    expect((await s.subscriptions.retrieve(sub.id)).status).toBe('paused');
    const resumed = await sequence(() => s.subscriptions.resume(sub.id));
    expect(resumed.slice(0, 2)).toEqual(['customer.subscription.resumed', 'customer.subscription.updated']);
    expect(resumed).toContain('invoice.created');
  });

  it('customer.subscription.trial_will_end at once for a trial of three days or less', async () => {
    const { price } = await productAndPrice();
    const c = await s.customers.create({ description: '(created by Stripe CLI)' });
    expect(await sequence(() => s.subscriptions.create({ customer: c.id, items: [{ price: price.id }], trial_period_days: 1 }))).toEqual([
      'customer.subscription.created',
      'customer.subscription.trial_will_end',
      'invoice.created',
      'invoice.finalized',
      'invoice.paid',
      'invoice.payment_succeeded',
    ]);
  });

  it('entitlements.active_entitlement_summary.updated once a subscription to a product with features is paid', async () => {
    const feature = await s.entitlements.features.create({ name: 'Reports', lookup_key: `reports_${Date.now()}` });
    const { product, price } = await productAndPrice();
    await s.products.createFeature(product.id, { entitlement_feature: feature.id });
    const c = await s.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const types = await sequence(() => s.subscriptions.create({ customer: c.id, items: [{ price: price.id }] }));
    expect(types.at(-1)).toBe('entitlements.active_entitlement_summary.updated');
    expect(types.indexOf('invoice.paid')).toBeLessThan(types.indexOf('entitlements.active_entitlement_summary.updated'));
  });
});

describe('invoices', () => {
  it('invoice.upcoming before a renewal on a test clock (invoice.upcoming fixture: Jan 1 → Jan 29)', async () => {
    const clock = await s.testHelpers.testClocks.create({ frozen_time: 1704067200, name: 'Test clock for invoice.upcoming' });
    const c = await s.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' }, test_clock: clock.id });
    const { price } = await productAndPrice();
    const sub = await s.subscriptions.create({ customer: c.id, items: [{ price: price.id }] });
    const types = await sequence(() => s.testHelpers.testClocks.advance(clock.id, { frozen_time: 1706486400 }));
    expect(types).toEqual(['test_helpers.test_clock.advancing', 'invoice.upcoming', 'test_helpers.test_clock.ready']);
    const upcoming = (await s.events.list({ type: 'invoice.upcoming', limit: 1 })).data[0];
    if (upcoming?.type !== 'invoice.upcoming') throw new Error('no invoice.upcoming event');
    expect(upcoming.data.object.parent?.subscription_details?.subscription).toBe(sub.id);
    expect(upcoming.data.object.amount_due).toBe(1500);
    // Seven days (the emulator's setting) before the renewal on Feb 1.
    expect(upcoming.created).toBe(1706745600 - 7 * 86400);
  });

  it('invoice.upcoming before the invoice at a trial’s end, then trial_will_end', async () => {
    const clock = await s.testHelpers.testClocks.create({ frozen_time: 1704067200 });
    const c = await s.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' }, test_clock: clock.id });
    const { price } = await productAndPrice();
    await s.subscriptions.create({ customer: c.id, items: [{ price: price.id }], trial_period_days: 14 });
    const types = await sequence(() => s.testHelpers.testClocks.advance(clock.id, { frozen_time: 1704067200 + 12 * 86400 }));
    expect(types).toEqual(['test_helpers.test_clock.advancing', 'invoice.upcoming', 'customer.subscription.trial_will_end', 'test_helpers.test_clock.ready']);
  });

  it('invoice.created, invoice.finalized, invoice.paid: an invoice item, an invoice that takes it, finalize, pay', async () => {
    const c = await s.customers.create({ description: '(created by Stripe CLI)', payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const item = await s.invoiceItems.create({ amount: 2000, currency: 'usd', customer: c.id, description: '(created by Stripe CLI)' });
    const created = await s.invoices.create({ customer: c.id, description: '(created by Stripe CLI)', pending_invoice_items_behavior: 'include' });
    expect(created.status).toBe('draft');
    expect(created.amount_due).toBe(2000);
    expect(created.lines.data[0]?.parent?.invoice_item_details?.invoice_item).toBe(item.id);
    expect(await sequence(() => s.invoices.finalizeInvoice(created.id))).toEqual(['invoice.finalized']);
    expect(await sequence(() => s.invoices.pay(created.id))).toEqual(['payment_intent.created', 'payment_intent.succeeded', 'invoice.paid', 'invoice.payment_succeeded']);
    expect((await s.invoices.retrieve(created.id)).status).toBe('paid');
  });

  it('invoice.payment_failed: pm_card_chargeCustomerFail attached, the invoice paid with it', async () => {
    const types = await sequence(async () => {
      const c = await s.customers.create({ description: '(created by Stripe CLI)' });
      const pm = await s.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: c.id });
      await s.invoiceItems.create({ amount: 2000, currency: 'usd', customer: c.id, description: '(created by Stripe CLI)' });
      const invoice = await s.invoices.create({ customer: c.id, description: '(created by Stripe CLI)', pending_invoice_items_behavior: 'include' });
      await s.invoices.finalizeInvoice(invoice.id);
      // The fixture expects the card_error.
      await expect(s.invoices.pay(invoice.id, { payment_method: pm.id })).rejects.toBeInstanceOf(Stripe.errors.StripeCardError);
    });
    expect(types).toEqual([
      'customer.created',
      'payment_method.attached',
      'invoiceitem.created',
      'invoice.created',
      'invoice.finalized',
      'payment_intent.created',
      'payment_intent.payment_failed',
      'invoice.payment_failed',
    ]);
  });
});

describe('billing portal', () => {
  it('billing_portal.session.created without a configuration, as in an account whose portal settings were saved', async () => {
    const types = await sequence(async () => {
      const c = await s.customers.create({ description: '(created by Stripe CLI)' });
      const session = await s.billingPortal.sessions.create({ customer: c.id });
      const config = await s.billingPortal.configurations.retrieve(String(session.configuration));
      expect(config.is_default).toBe(true);
      expect(config.features.invoice_history.enabled).toBe(true);
    });
    expect(types).toEqual(['customer.created', 'billing_portal.session.created']);
    // The default is made once; later sessions use it, and API-made configurations never are one.
    const made = await s.billingPortal.configurations.create({ features: { invoice_history: { enabled: true } } });
    expect(made.is_default).toBe(false);
    const c = await s.customers.create({});
    const again = await s.billingPortal.sessions.create({ customer: c.id });
    expect((await s.billingPortal.configurations.list({ is_default: true })).data.map((x) => x.id)).toEqual([again.configuration]);
  });

  it('with the switch for an account that never saved them: Stripe’s 400, and no session', async () => {
    const fresh = await startHarness();
    try {
      fresh.emulator.billing.portalDefaultConfiguration = 'none';
      const c = await fresh.stripe.customers.create({});
      await expect(fresh.stripe.billingPortal.sessions.create({ customer: c.id })).rejects.toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError' });
      expect(await fresh.typesSince(0)).toEqual(['customer.created']);
    } finally {
      await fresh.close();
    }
  });
});
