import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CARD_OK, checkoutSession, entitlementKeys, idOf, seedCatalog, startHarness, type Catalog, type Harness } from './support/harness.js';

let h: Harness;
let catalog: Catalog;

beforeEach(async () => {
  h = await startHarness();
  catalog = await seedCatalog(h.stripe);
});
afterEach(async () => h.close());

describe('checkout with a card', () => {
  it('creates customer, subscription and paid invoice, with Stripe’s events in order', async () => {
    const session = await checkoutSession(h.stripe, catalog.pro, { client_reference_id: 'user_42', metadata: { plan: 'pro' } });
    expect(session.url).toBe(`${h.emulator.url}/c/pay/${session.id}`);
    expect(session.status).toBe('open');
    const from = await h.mark();

    const outcome = await h.emulator.checkout.complete(session.id, CARD_OK);
    expect(outcome).toEqual({ status: 'complete', redirectUrl: `https://app.example/billing/success?session_id=${session.id}` });

    const types = await h.typesSince(from);
    expect(types).toEqual([
      'customer.created',
      'payment_method.attached',
      'customer.updated',
      'customer.subscription.created',
      'invoice.created',
      'invoice.finalized',
      'payment_intent.created',
      'payment_intent.succeeded',
      'invoice.paid',
      'invoice.payment_succeeded',
      'customer.subscription.updated',
      'entitlements.active_entitlement_summary.updated',
      'checkout.session.completed',
    ]);
    const events = await h.eventsSince(from);
    const created = events.find((e): e is Stripe.CustomerSubscriptionCreatedEvent => e.type === 'customer.subscription.created');
    const updated = events.find((e): e is Stripe.CustomerSubscriptionUpdatedEvent => e.type === 'customer.subscription.updated');
    const completed = events.find((e): e is Stripe.CheckoutSessionCompletedEvent => e.type === 'checkout.session.completed');
    const summary = events.find((e): e is Stripe.EntitlementsActiveEntitlementSummaryUpdatedEvent => e.type === 'entitlements.active_entitlement_summary.updated');
    expect(created?.data.object.status).toBe('incomplete');
    expect(updated?.data.object.status).toBe('active');
    expect(updated?.data.previous_attributes?.status).toBe('incomplete');
    expect(completed?.data.object.payment_status).toBe('paid');
    expect(completed?.data.object.client_reference_id).toBe('user_42');
    expect(completed?.data.object.metadata).toEqual({ plan: 'pro' });
    expect(summary?.data.object.entitlements.data.map((e) => e.lookup_key).sort()).toEqual(['export', 'reports']);

    const done = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription', 'line_items'] });
    expect(done.status).toBe('complete');
    expect(done.line_items?.data[0]?.price?.id).toBe(catalog.pro.id);
    const sub = done.subscription;
    if (!sub || typeof sub === 'string') throw new Error('subscription not expanded');
    expect(sub.status).toBe('active');
    expect(sub.items.data[0]?.price.id).toBe(catalog.pro.id);
    const item = sub.items.data[0];
    expect(item && item.current_period_end - item.current_period_start).toBeGreaterThanOrEqual(28 * 86400);

    const customer = idOf(done.customer);
    expect(await entitlementKeys(h.stripe, customer)).toEqual(['export', 'reports']);
    const invoices = await h.stripe.invoices.list({ customer });
    expect(invoices.data).toHaveLength(1);
    expect(invoices.data[0]?.status).toBe('paid');
    expect(invoices.data[0]?.amount_paid).toBe(3000);
    expect(invoices.data[0]?.billing_reason).toBe('subscription_create');
    const pms = await h.stripe.paymentMethods.list({ customer, type: 'card' });
    expect(pms.data[0]?.card?.last4).toBe('4242');
    expect(pms.data[0]?.card?.brand).toBe('visa');
  });

  it('uses an existing customer and expands nested paths', async () => {
    const customer = await h.stripe.customers.create({ email: 'ada@example.com', metadata: { userId: '7' } });
    const session = await checkoutSession(h.stripe, catalog.basic, { customer: customer.id });
    await h.emulator.checkout.complete(session.id, CARD_OK);
    const subs = await h.stripe.subscriptions.list({ customer: customer.id, expand: ['data.default_payment_method', 'data.customer'] });
    expect(subs.data).toHaveLength(1);
    const sub = subs.data[0];
    expect(typeof sub?.customer === 'object' && sub.customer !== null && 'email' in sub.customer ? sub.customer.email : null).toBe('ada@example.com');
    const pm = sub?.default_payment_method;
    expect(typeof pm === 'object' && pm !== null ? pm.card?.last4 : null).toBe('4242');
    const withSubs = await h.stripe.customers.retrieve(customer.id, { expand: ['subscriptions'] });
    expect(withSubs.deleted ? [] : withSubs.subscriptions?.data.map((s) => s.id)).toEqual([sub?.id]);
    const again = await h.stripe.subscriptions.retrieve(idOf(sub), { expand: ['latest_invoice'] });
    expect(typeof again.latest_invoice === 'object' && again.latest_invoice !== null ? again.latest_invoice.status : null).toBe('paid');
    const invoice = await h.stripe.invoices.retrieve(idOf(again.latest_invoice), { expand: ['payments.data.payment.payment_intent'] });
    const pi = invoice.payments?.data[0]?.payment.payment_intent;
    expect(typeof pi === 'object' ? pi.status : null).toBe('succeeded');
    // Not a field in this API version, so Stripe refuses to expand it.
    await expect(h.stripe.subscriptions.retrieve(idOf(sub), { expand: ['latest_invoice.payment_intent'] })).rejects.toMatchObject({ statusCode: 400 });
  });

  it('rejects a bad price with resource_missing on the parameter', async () => {
    await expect(
      h.stripe.checkout.sessions.create({ mode: 'subscription', line_items: [{ price: 'price_missing', quantity: 1 }], success_url: 'https://x.example/s' }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'line_items[0][price]' });
  });

  it('gives embedded and elements sessions a client_secret and no url', async () => {
    for (const ui_mode of ['embedded_page', 'elements'] as const) {
      const session = await h.stripe.checkout.sessions.create({ mode: 'subscription', ui_mode, line_items: [{ price: catalog.basic.id, quantity: 1 }], return_url: 'https://app.example/return?id={CHECKOUT_SESSION_ID}' });
      expect(session.client_secret).toMatch(/^cs_test_.+_secret_/);
      expect(session.url).toBeNull();
      const outcome = await h.emulator.checkout.complete(session.id, CARD_OK);
      expect(outcome.redirectUrl).toBe(`https://app.example/return?id=${session.id}`);
    }
  });

  it('expires an open session', async () => {
    const session = await checkoutSession(h.stripe, catalog.basic);
    const from = await h.mark();
    const expired = await h.stripe.checkout.sessions.expire(session.id);
    expect(expired.status).toBe('expired');
    expect(await h.typesSince(from)).toEqual(['checkout.session.expired']);
    const outcome = await h.emulator.checkout.complete(session.id, CARD_OK);
    expect(outcome.status).toBe('failed');
  });

  it('expires an unpaid session after 24 hours on its own', async () => {
    const session = await checkoutSession(h.stripe, catalog.basic);
    await h.emulator.clock.advance(24 * 3600 - 60);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    await h.emulator.clock.advance(120);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe('expired');
  });
});
