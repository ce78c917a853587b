import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CARD_OK, entitlementKeys, seedCatalog, startHarness, type Catalog, type Harness } from './support/harness.js';
import { advanceTo, DAY, JAN_1_2027, subscribeOnClock } from './support/clock.js';

let h: Harness;
let catalog: Catalog;

beforeEach(async () => {
  h = await startHarness();
  catalog = await seedCatalog(h.stripe);
});
afterEach(async () => h.close());

const withoutClockEvents = (types: string[]): string[] => types.filter((t) => !t.startsWith('test_helpers.'));

describe('trials', () => {
  it('trials with a card: entitled while trialing, warned 3 days before, charged at trial end', async () => {
    const from = await h.mark();
    const { clock, customer, sub } = await subscribeOnClock(h, catalog.pro, CARD_OK, { subscription_data: { trial_period_days: 14 } });
    expect(sub.status).toBe('trialing');
    expect(sub.trial_end).toBe(JAN_1_2027 + 14 * DAY);
    expect(await entitlementKeys(h.stripe, customer)).toEqual(['export', 'reports']);
    const types = withoutClockEvents(await h.typesSince(from)).filter((t) => !t.startsWith('customer.created') && t !== 'customer.updated' && t !== 'payment_method.attached');
    expect(types).toEqual([
      'customer.subscription.created',
      'invoice.created',
      'invoice.finalized',
      'invoice.paid',
      'invoice.payment_succeeded',
      'entitlements.active_entitlement_summary.updated',
      'checkout.session.completed',
    ]);
    const completed = (await h.eventsSince(from)).find((e) => e.type === 'checkout.session.completed');
    expect(completed?.type === 'checkout.session.completed' ? completed.data.object.payment_status : null).toBe('no_payment_required');

    const beforeWarning = await h.mark();
    await advanceTo(h, clock, JAN_1_2027 + 11 * DAY + 60);
    const warned = (await h.eventsSince(beforeWarning)).filter((e) => e.type === 'customer.subscription.trial_will_end');
    expect(warned).toHaveLength(1);
    expect(warned[0]?.created).toBe(JAN_1_2027 + 11 * DAY);

    const beforeEnd = await h.mark();
    await advanceTo(h, clock, JAN_1_2027 + 14 * DAY + 60);
    expect(withoutClockEvents(await h.typesSince(beforeEnd))).toEqual([
      'customer.subscription.updated',
      'invoice.created',
      'invoice.finalized',
      'payment_intent.created',
      'payment_intent.succeeded',
      'invoice.paid',
      'invoice.payment_succeeded',
    ]);
    const active = await h.stripe.subscriptions.retrieve(sub.id);
    expect(active.status).toBe('active');
    expect(active.items.data[0]?.current_period_start).toBe(JAN_1_2027 + 14 * DAY);
    const latest = await h.stripe.invoices.retrieve(String(active.latest_invoice));
    expect(latest.amount_paid).toBe(3000);
  });

  it('a card that attaches but fails charges makes the subscription past_due at trial end', async () => {
    const { clock, sub } = await subscribeOnClock(h, catalog.basic, { type: 'card', number: '4000000000000341' }, { subscription_data: { trial_period_days: 7 } });
    expect(sub.status).toBe('trialing');
    await advanceTo(h, clock, JAN_1_2027 + 7 * DAY + 1);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');
  });

  for (const [behavior, status, expected] of [
    ['cancel', 'canceled', ['customer.subscription.deleted', 'entitlements.active_entitlement_summary.updated']],
    ['pause', 'paused', ['customer.subscription.updated', 'entitlements.active_entitlement_summary.updated', 'customer.subscription.paused']],
    ['create_invoice', 'past_due', ['customer.subscription.updated', 'invoice.created', 'invoice.finalized', 'payment_intent.created', 'payment_intent.payment_failed', 'invoice.payment_failed', 'customer.subscription.updated']],
  ] as const) {
    it(`trial without a payment method ends by missing_payment_method=${behavior}`, async () => {
      const { clock, customer, sub } = await subscribeOnClock(h, catalog.basic, { type: 'none' }, {
        payment_method_collection: 'if_required',
        subscription_data: { trial_period_days: 3, trial_settings: { end_behavior: { missing_payment_method: behavior } } },
      });
      expect(sub.status).toBe('trialing');
      expect((await h.stripe.paymentMethods.list({ customer })).data).toHaveLength(0);
      const from = await h.mark();
      await advanceTo(h, clock, JAN_1_2027 + 3 * DAY + 10);
      expect(withoutClockEvents(await h.typesSince(from))).toEqual(expected);
      expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe(status);
    });
  }

  it('resumes a paused subscription once a payment method exists', async () => {
    const { clock, customer, sub } = await subscribeOnClock(h, catalog.basic, { type: 'none' }, {
      payment_method_collection: 'if_required',
      subscription_data: { trial_period_days: 3, trial_settings: { end_behavior: { missing_payment_method: 'pause' } } },
    });
    await advanceTo(h, clock, JAN_1_2027 + 4 * DAY);
    expect(await entitlementKeys(h.stripe, customer)).toEqual([]);
    const pm = await h.stripe.paymentMethods.attach('pm_card_visa', { customer });
    await h.stripe.customers.update(customer, { invoice_settings: { default_payment_method: pm.id } });
    const from = await h.mark();
    const resumed = await h.stripe.subscriptions.resume(sub.id, { billing_cycle_anchor: { type: 'now' } });
    expect(resumed.status).toBe('active');
    expect((await h.typesSince(from)).slice(0, 2)).toEqual(['customer.subscription.resumed', 'customer.subscription.updated']);
    expect(resumed.items.data[0]?.current_period_start).toBe(JAN_1_2027 + 4 * DAY);
    expect(await entitlementKeys(h.stripe, customer)).toEqual(['reports']);
  });

  it('refuses checkout without payment when payment_method_collection is always', async () => {
    const session = await h.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: catalog.basic.id, quantity: 1 }],
      success_url: 'https://app.example/ok',
      subscription_data: { trial_period_days: 3 },
    });
    const outcome = await h.emulator.checkout.complete(session.id, { type: 'none' });
    expect(outcome.status).toBe('failed');
  });
});
