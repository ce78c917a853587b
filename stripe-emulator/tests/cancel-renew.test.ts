import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entitlementKeys, seedCatalog, startHarness, type Catalog, type Harness } from './support/harness.js';
import { advanceTo, DAY, JAN_1_2027, subscribeOnClock } from './support/clock.js';

let h: Harness;
let catalog: Catalog;

beforeEach(async () => {
  h = await startHarness();
  catalog = await seedCatalog(h.stripe);
});
afterEach(async () => h.close());

function periodEnd(sub: Stripe.Subscription): number {
  const item = sub.items.data[0];
  if (!item) throw new Error('no item');
  return item.current_period_end;
}

describe('cancellation', () => {
  it('cancels immediately and removes entitlements', async () => {
    const { customer, sub } = await subscribeOnClock(h, catalog.pro);
    const from = await h.mark();
    const canceled = await h.stripe.subscriptions.cancel(sub.id);
    expect(canceled.status).toBe('canceled');
    expect(canceled.ended_at).toBe(JAN_1_2027);
    expect(await h.typesSince(from)).toEqual(['customer.subscription.deleted', 'entitlements.active_entitlement_summary.updated']);
    const events = await h.eventsSince(from);
    const summary = events[1];
    if (summary?.type !== 'entitlements.active_entitlement_summary.updated') throw new Error('no summary');
    expect(summary.data.object.entitlements.data).toEqual([]);
    expect(await entitlementKeys(h.stripe, customer)).toEqual([]);
    expect((await h.stripe.subscriptions.list({ customer })).data).toEqual([]);
    expect((await h.stripe.subscriptions.list({ customer, status: 'all' })).data.map((s) => s.status)).toEqual(['canceled']);
    expect((await h.stripe.subscriptions.list({ customer, status: 'canceled' })).data).toHaveLength(1);
    expect((await h.stripe.subscriptions.list({ customer, status: 'ended' })).data).toHaveLength(1);
  });

  it('cancels at period end, keeping access until then', async () => {
    const { clock, customer, sub } = await subscribeOnClock(h, catalog.pro);
    const from = await h.mark();
    const pending = await h.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(pending.status).toBe('active');
    expect(pending.cancel_at).toBe(periodEnd(sub));
    const [updated] = await h.eventsSince(from);
    if (updated?.type !== 'customer.subscription.updated') throw new Error('expected update');
    expect(updated.data.previous_attributes?.cancel_at_period_end).toBe(false);
    expect(updated.data.object.cancel_at_period_end).toBe(true);

    await advanceTo(h, clock, periodEnd(sub) - 60);
    expect(await entitlementKeys(h.stripe, customer)).toEqual(['export', 'reports']);
    const before = await h.mark();
    await advanceTo(h, clock, periodEnd(sub) + 60);
    const types = (await h.typesSince(before)).filter((t) => !t.startsWith('test_helpers.'));
    expect(types).toEqual(['customer.subscription.deleted', 'entitlements.active_entitlement_summary.updated']);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('canceled');
    expect((await h.stripe.invoices.list({ customer })).data).toHaveLength(1);
  });

  it('resumes a pending cancellation, then renews', async () => {
    const { clock, sub } = await subscribeOnClock(h, catalog.basic);
    await h.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    const resumed = await h.stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
    expect(resumed.cancel_at).toBeNull();
    expect(resumed.canceled_at).toBeNull();
    await advanceTo(h, clock, periodEnd(sub) + 60);
    const after = await h.stripe.subscriptions.retrieve(sub.id);
    expect(after.status).toBe('active');
    expect(after.items.data[0]?.current_period_start).toBe(periodEnd(sub));
  });

  it('cancels at a chosen cancel_at time', async () => {
    const { clock, sub } = await subscribeOnClock(h, catalog.basic);
    const at = JAN_1_2027 + 12 * DAY;
    await h.stripe.subscriptions.update(sub.id, { cancel_at: at });
    await advanceTo(h, clock, at - 1);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
    await advanceTo(h, clock, at + 1);
    const ended = await h.stripe.subscriptions.retrieve(sub.id);
    expect(ended.status).toBe('canceled');
    expect(ended.ended_at).toBe(at);
  });
});

describe('renewal', () => {
  it('renews and pays at period end, with events in order', async () => {
    const { clock, sub } = await subscribeOnClock(h, catalog.basic);
    const from = await h.mark();
    await advanceTo(h, clock, periodEnd(sub) + 3600);
    const types = (await h.typesSince(from)).filter((t) => !t.startsWith('test_helpers.'));
    expect(types).toEqual([
      'invoice.upcoming',
      'customer.subscription.updated',
      'invoice.created',
      'invoice.finalized',
      'payment_intent.created',
      'payment_intent.succeeded',
      'invoice.paid',
      'invoice.payment_succeeded',
    ]);
    const events = await h.eventsSince(from);
    const renewed = events.find((e) => e.type === 'invoice.paid');
    expect(renewed?.created).toBe(periodEnd(sub));
    const invoices = await h.stripe.invoices.list({ subscription: sub.id, limit: 1 });
    expect(invoices.data[0]?.billing_reason).toBe('subscription_cycle');
    expect(invoices.data[0]?.period_start).toBe(periodEnd(sub));
  });

  it('runs several renewals in time order over a long advance', async () => {
    const { clock, sub } = await subscribeOnClock(h, catalog.basic);
    await advanceTo(h, clock, JAN_1_2027 + 100 * DAY);
    const invoices = await h.stripe.invoices.list({ subscription: sub.id });
    // Jan, Feb, Mar, Apr: the creation invoice and three renewals.
    expect(invoices.data.map((i) => i.period_start)).toEqual([...invoices.data.map((i) => i.period_start)].sort((a, b) => b - a));
    expect(invoices.data).toHaveLength(4);
    expect(invoices.data.every((i) => i.status === 'paid')).toBe(true);
  });

  it('goes past_due when the renewal fails, keeps access, retries, then cancels', async () => {
    const { clock, customer, sub } = await subscribeOnClock(h, catalog.pro);
    const failing = await h.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
    await h.stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
    const from = await h.mark();
    await advanceTo(h, clock, periodEnd(sub) + 60);
    const types = (await h.typesSince(from)).filter((t) => !t.startsWith('test_helpers.'));
    expect(types).toEqual([
      'invoice.upcoming',
      'customer.subscription.updated',
      'invoice.created',
      'invoice.finalized',
      'payment_intent.created',
      'payment_intent.payment_failed',
      'invoice.payment_failed',
      'customer.subscription.updated',
    ]);
    const pastDue = await h.stripe.subscriptions.retrieve(sub.id);
    expect(pastDue.status).toBe('past_due');
    expect(await entitlementKeys(h.stripe, customer)).toEqual(['export', 'reports']);
    const open = await h.stripe.invoices.retrieve(String(pastDue.latest_invoice));
    expect(open.status).toBe('open');
    expect(open.attempt_count).toBe(1);
    expect(open.next_payment_attempt).toBe(periodEnd(sub) + 3 * DAY);

    await advanceTo(h, clock, periodEnd(sub) + 30 * DAY);
    const ended = await h.stripe.subscriptions.retrieve(sub.id);
    expect(ended.status).toBe('canceled');
    expect(ended.cancellation_details?.reason).toBe('payment_failed');
    expect((await h.stripe.invoices.retrieve(open.id)).attempt_count).toBe(4);
    expect(await entitlementKeys(h.stripe, customer)).toEqual([]);
  });

  it('marks the subscription unpaid after the final retry when so configured, and recovers on payment', async () => {
    h.emulator.billing.afterFinalRetry = 'unpaid';
    const { clock, customer, sub } = await subscribeOnClock(h, catalog.pro);
    const failing = await h.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
    await h.stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
    await advanceTo(h, clock, periodEnd(sub) + 20 * DAY);
    const unpaid = await h.stripe.subscriptions.retrieve(sub.id);
    expect(unpaid.status).toBe('unpaid');
    expect(await entitlementKeys(h.stripe, customer)).toEqual([]);
    const good = await h.stripe.paymentMethods.attach('pm_card_visa', { customer });
    await h.stripe.invoices.pay(String(unpaid.latest_invoice), { payment_method: good.id });
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
    expect(await entitlementKeys(h.stripe, customer)).toEqual(['export', 'reports']);
  });

  it('leaves the subscription past_due after the final retry when so configured (over HTTP)', async () => {
    const res = await fetch(`${h.emulator.url}/_emulator/billing/config`, { method: 'POST', body: JSON.stringify({ afterFinalRetry: 'past_due' }) });
    expect(await res.json()).toMatchObject({ afterFinalRetry: 'past_due' });
    const { clock, customer, sub } = await subscribeOnClock(h, catalog.basic);
    const failing = await h.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
    await h.stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
    await advanceTo(h, clock, periodEnd(sub) + 20 * DAY);
    const still = await h.stripe.subscriptions.retrieve(sub.id);
    expect(still.status).toBe('past_due');
    expect((await h.stripe.invoices.retrieve(String(still.latest_invoice))).attempt_count).toBe(4);
  });

  it('recovers from past_due when the open invoice is paid with a new card', async () => {
    const { clock, customer, sub } = await subscribeOnClock(h, catalog.basic);
    const failing = await h.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
    await h.stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
    await advanceTo(h, clock, periodEnd(sub) + 60);
    const pastDue = await h.stripe.subscriptions.retrieve(sub.id);
    await expect(h.stripe.invoices.pay(String(pastDue.latest_invoice))).rejects.toMatchObject({ statusCode: 402, type: 'StripeCardError' });
    const good = await h.stripe.paymentMethods.attach('pm_card_visa', { customer });
    const paid = await h.stripe.invoices.pay(String(pastDue.latest_invoice), { payment_method: good.id });
    expect(paid.status).toBe('paid');
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });
});

describe('pause_collection', () => {
  it('voids renewals while collection is paused and charges again after resumes_at', async () => {
    const { clock, customer, sub } = await subscribeOnClock(h, catalog.basic);
    const firstEnd = periodEnd(sub);
    const resumesAt = firstEnd + 10 * DAY;
    const paused = await h.stripe.subscriptions.update(sub.id, { pause_collection: { behavior: 'void', resumes_at: resumesAt } });
    expect(paused.status).toBe('active');
    expect(paused.pause_collection).toEqual({ behavior: 'void', resumes_at: resumesAt });
    const from = await h.mark();
    await advanceTo(h, clock, firstEnd + 60);
    const types = (await h.typesSince(from)).filter((t) => !t.startsWith('test_helpers.'));
    expect(types).toEqual(['invoice.upcoming', 'customer.subscription.updated', 'invoice.created', 'invoice.finalized', 'invoice.voided']);
    expect(await entitlementKeys(h.stripe, customer)).toEqual(['reports']);
    await advanceTo(h, clock, resumesAt + 60);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).pause_collection).toBeNull();
    const renewed = await h.stripe.subscriptions.retrieve(sub.id);
    await advanceTo(h, clock, periodEnd(renewed) + 60);
    const latest = await h.stripe.invoices.list({ subscription: sub.id, limit: 1 });
    expect(latest.data[0]?.status).toBe('paid');
  });
});

describe('test clocks', () => {
  it('lists clocks, and deleting one removes its customers and ends their subscriptions', async () => {
    const { clock, customer, sub } = await subscribeOnClock(h, catalog.basic);
    expect((await h.stripe.testHelpers.testClocks.list()).data.map((c) => c.id)).toEqual([clock.id]);
    expect((await h.stripe.customers.list({ test_clock: clock.id })).data.map((c) => c.id)).toEqual([customer]);
    const deleted = await h.stripe.testHelpers.testClocks.del(clock.id);
    expect(deleted.deleted).toBe(true);
    expect((await h.stripe.customers.retrieve(customer)).deleted).toBe(true);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('canceled');
    await expect(h.stripe.testHelpers.testClocks.retrieve(clock.id)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('refuses to move a clock backwards', async () => {
    const clock = await h.stripe.testHelpers.testClocks.create({ frozen_time: JAN_1_2027 });
    await expect(h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1_2027 - 1 })).rejects.toMatchObject({ statusCode: 400, param: 'frozen_time' });
  });
});

describe('catalog changes', () => {
  it('adding a feature to a subscribed product updates the summary and the active entitlements', async () => {
    const { customer } = await subscribeOnClock(h, catalog.basic);
    const extra = await h.stripe.entitlements.features.create({ name: 'Audit log', lookup_key: 'audit_log' });
    const from = await h.mark();
    await h.stripe.products.createFeature(catalog.basicProduct.id, { entitlement_feature: extra.id });
    const events = await h.eventsSince(from);
    expect(events.map((e) => e.type)).toEqual(['entitlements.active_entitlement_summary.updated']);
    expect(await entitlementKeys(h.stripe, customer)).toEqual(['audit_log', 'reports']);
    await h.stripe.entitlements.features.update(extra.id, { active: false });
    expect(await entitlementKeys(h.stripe, customer)).toEqual(['reports']);
  });
});
