import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entitlementKeys, only, seedCatalog, startHarness, type Catalog, type Harness } from './support/harness.js';
import { advanceTo, DAY, JAN_1_2027, subscribeOnClock } from './support/clock.js';

let h: Harness;
let catalog: Catalog;

beforeEach(async () => {
  h = await startHarness();
  catalog = await seedCatalog(h.stripe);
});
afterEach(async () => h.close());

function prorated(amount: number, start: number, end: number, at: number): number {
  return Math.round((amount * (end - at)) / (end - start));
}

describe('plan change', () => {
  it('previews and invoices an upgrade with per-second proration (always_invoice)', async () => {
    const { clock, customer, sub } = await subscribeOnClock(h, catalog.basic);
    const item = sub.items.data[0];
    if (!item) throw new Error('no item');
    const at = JAN_1_2027 + 10 * DAY + 3600;
    await advanceTo(h, clock, at);

    const preview = await h.stripe.invoices.createPreview({
      customer,
      subscription: sub.id,
      subscription_details: { items: [{ id: item.id, price: catalog.pro.id }], proration_behavior: 'always_invoice', proration_date: at },
    });
    const credit = -prorated(1000, item.current_period_start, item.current_period_end, at);
    const charge = prorated(3000, item.current_period_start, item.current_period_end, at);
    expect(preview.lines.data.map((l) => l.amount)).toEqual([credit, charge]);
    expect(preview.lines.data[0]?.description).toMatch(/^Unused time on 1 × Basic after/);
    expect(preview.lines.data[1]?.description).toMatch(/^Remaining time on 1 × Pro after/);
    expect(preview.lines.data.every((l) => l.parent?.subscription_item_details?.proration)).toBe(true);
    expect(preview.total).toBe(credit + charge);
    expect(preview.amount_due).toBe(credit + charge);
    // A preview changes nothing.
    expect((await h.stripe.subscriptions.retrieve(sub.id)).items.data[0]?.price.id).toBe(catalog.basic.id);

    const from = await h.mark();
    const updated = await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: item.id, price: catalog.pro.id }],
      proration_behavior: 'always_invoice',
      proration_date: at,
    });
    expect(updated.items.data[0]?.id).toBe(item.id);
    expect(updated.items.data[0]?.price.id).toBe(catalog.pro.id);
    expect(await h.typesSince(from)).toEqual([
      'customer.subscription.updated',
      'invoice.created',
      'invoice.finalized',
      'payment_intent.created',
      'payment_intent.succeeded',
      'invoice.paid',
      'invoice.payment_succeeded',
      'entitlements.active_entitlement_summary.updated',
    ]);
    const events = await h.eventsSince(from);
    const subUpdated = events[0];
    if (subUpdated?.type !== 'customer.subscription.updated') throw new Error('expected subscription update');
    expect(subUpdated.data.previous_attributes?.items?.data[0]?.price.id).toBe(catalog.basic.id);
    const invoice = await h.stripe.invoices.retrieve(String(updated.latest_invoice));
    expect(invoice.billing_reason).toBe('subscription_update');
    expect(invoice.amount_paid).toBe(credit + charge);
    expect(await entitlementKeys(h.stripe, customer)).toEqual(['export', 'reports']);
  });

  it('defers prorations to the renewal invoice with create_prorations', async () => {
    const { clock, sub } = await subscribeOnClock(h, catalog.basic);
    const item = sub.items.data[0];
    if (!item) throw new Error('no item');
    const at = JAN_1_2027 + 15 * DAY;
    await advanceTo(h, clock, at);
    const from = await h.mark();
    await h.stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: catalog.pro.id }], proration_date: at });
    expect(only(await h.typesSince(from), ['invoice.created', 'customer.subscription.updated'])).toEqual(['customer.subscription.updated']);

    const upcoming = await h.stripe.invoices.createPreview({ subscription: sub.id });
    const credit = -prorated(1000, item.current_period_start, item.current_period_end, at);
    const charge = prorated(3000, item.current_period_start, item.current_period_end, at);
    expect(upcoming.lines.data.map((l) => l.amount)).toEqual([credit, charge, 3000]);

    await advanceTo(h, clock, item.current_period_end + 60);
    const invoices = await h.stripe.invoices.list({ subscription: sub.id });
    const renewal = invoices.data[0];
    expect(renewal?.billing_reason).toBe('subscription_cycle');
    expect(renewal?.lines.data.map((l) => l.amount)).toEqual([credit, charge, 3000]);
    expect(renewal?.status).toBe('paid');
  });

  it('makes no prorations with proration_behavior none', async () => {
    const { clock, sub } = await subscribeOnClock(h, catalog.pro);
    const item = sub.items.data[0];
    if (!item) throw new Error('no item');
    await advanceTo(h, clock, JAN_1_2027 + 5 * DAY);
    await h.stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: catalog.basic.id }], proration_behavior: 'none' });
    const upcoming = await h.stripe.invoices.createPreview({ subscription: sub.id });
    expect(upcoming.lines.data.map((l) => l.amount)).toEqual([1000]);
  });

  it('resets the billing cycle and bills at once when the interval changes', async () => {
    const { clock, sub } = await subscribeOnClock(h, catalog.pro);
    const item = sub.items.data[0];
    if (!item) throw new Error('no item');
    const at = JAN_1_2027 + 10 * DAY;
    await advanceTo(h, clock, at);
    const updated = await h.stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: catalog.proYearly.id }], proration_date: at });
    const newItem = updated.items.data[0];
    expect(newItem?.current_period_start).toBe(at);
    expect(newItem && newItem.current_period_end - newItem.current_period_start).toBe(365 * DAY);
    const invoice = await h.stripe.invoices.retrieve(String(updated.latest_invoice));
    const credit = -prorated(3000, item.current_period_start, item.current_period_end, at);
    expect(invoice.lines.data.map((l) => l.amount)).toEqual([credit, 30000]);
    expect(invoice.status).toBe('paid');
  });

  it('with error_if_incomplete, refuses an upgrade the saved card cannot pay and changes nothing (402)', async () => {
    const { clock, customer, sub } = await subscribeOnClock(h, catalog.basic);
    const item = sub.items.data[0];
    if (!item) throw new Error('no item');
    const failing = await h.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
    await h.stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
    await advanceTo(h, clock, JAN_1_2027 + 10 * DAY);
    const invoicesBefore = (await h.stripe.invoices.list({ customer })).data.length;
    const from = await h.mark();

    const refused = await h.stripe.subscriptions
      .update(sub.id, { items: [{ id: item.id, price: catalog.pro.id }], proration_behavior: 'always_invoice', payment_behavior: 'error_if_incomplete' })
      .then(() => null, (error: unknown) => error);
    expect(refused).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).items.data[0]?.price.id).toBe(catalog.basic.id);
    expect((await h.stripe.invoices.list({ customer })).data).toHaveLength(invoicesBefore);
    expect(await h.typesSince(from)).toEqual([]);
    expect(await entitlementKeys(h.stripe, customer)).toEqual(['reports']);

    // A downgrade invoices a credit, which needs no payment: it goes through.
    const toPro = await h.stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: catalog.pro.id }], proration_behavior: 'none' });
    const down = await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: item.id, price: catalog.basic.id }],
      proration_behavior: 'always_invoice',
      payment_behavior: 'error_if_incomplete',
    });
    expect(toPro.items.data[0]?.price.id).toBe(catalog.pro.id);
    expect(down.items.data[0]?.price.id).toBe(catalog.basic.id);
  });
});
