import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkoutSession, entitlementKeys, idOf, seedCatalog, startHarness, type Catalog, type Harness, type Payment } from './support/harness.js';
import { advanceTo, JAN_1_2027, subscribeOnClock } from './support/clock.js';

let h: Harness;
let catalog: Catalog;

beforeEach(async () => {
  h = await startHarness();
  catalog = await seedCatalog(h.stripe);
});
afterEach(async () => h.close());

const noise = (t: string): boolean => t.startsWith('test_helpers.');

async function sessionOf(sub: Stripe.Subscription): Promise<Stripe.Checkout.Session> {
  const list = await h.stripe.checkout.sessions.list({ subscription: sub.id });
  const session = list.data[0];
  if (!session) throw new Error('no session');
  return session;
}

const cases: [string, Payment, 'succeeded' | 'failed'][] = [
  ['SEPA AT321904300235473204', { type: 'sepa_debit', iban: 'AT321904300235473204', name: 'Jenny Rosen', email: 'jenny@example.com' }, 'succeeded'],
  ['SEPA AT861904300235473202', { type: 'sepa_debit', iban: 'AT861904300235473202', name: 'Jenny Rosen', email: 'jenny@example.com' }, 'failed'],
  ['BECS 000000 / 900123456', { type: 'au_becs_debit', bsbNumber: '000000', accountNumber: '900123456', name: 'Jenny Rosen', email: 'jenny@example.com' }, 'succeeded'],
  ['BECS 000000 / 111111113', { type: 'au_becs_debit', bsbNumber: '000000', accountNumber: '111111113', name: 'Jenny Rosen', email: 'jenny@example.com' }, 'failed'],
];

describe('delayed-notification payment methods', () => {
  for (const [name, payment, outcome] of cases) {
    it(`${name}: active at once, unpaid until settlement ${outcome} after processing`, async () => {
      const from = await h.mark();
      const { clock, customer, sub } = await subscribeOnClock(h, catalog.pro, payment);
      expect(sub.status).toBe('active');
      const session = await sessionOf(sub);
      expect(session.status).toBe('complete');
      expect(session.payment_status).toBe('unpaid');
      const invoice = await h.stripe.invoices.retrieve(idOf(sub.latest_invoice));
      expect(invoice.status).toBe('open');
      const types = (await h.typesSince(from)).filter((t) => !noise(t));
      expect(types.slice(types.indexOf('payment_intent.created'))).toEqual([
        'payment_intent.created',
        'payment_intent.processing',
        'customer.subscription.updated',
        'entitlements.active_entitlement_summary.updated',
        'checkout.session.completed',
      ]);
      const pm = (await h.stripe.paymentMethods.list({ customer })).data[0];
      expect(pm?.type).toBe(payment.type);

      // Not settled one second before the processing time is up.
      await advanceTo(h, clock, JAN_1_2027 + 179);
      expect((await h.stripe.invoices.retrieve(invoice.id)).status).toBe('open');

      const before = await h.mark();
      await advanceTo(h, clock, JAN_1_2027 + 181);
      const settled = (await h.typesSince(before)).filter((t) => !noise(t));
      if (outcome === 'succeeded') {
        expect(settled).toEqual(['payment_intent.succeeded', 'invoice.paid', 'invoice.payment_succeeded', 'checkout.session.async_payment_succeeded']);
        expect((await h.stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
        expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
        expect((await h.stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe('paid');
      } else {
        expect(settled).toEqual(['payment_intent.payment_failed', 'invoice.payment_failed', 'customer.subscription.updated', 'checkout.session.async_payment_failed']);
        expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');
        const pi = (await h.stripe.paymentIntents.list({ customer })).data[0];
        expect(pi?.last_payment_error?.code).toBe(payment.type === 'au_becs_debit' ? 'account_closed' : 'generic_decline');
        expect(await entitlementKeys(h.stripe, customer)).toEqual(['export', 'reports']);
      }
    });
  }

  it('a bank debit that keeps failing: every retry processes then fails, and the last one cancels', async () => {
    const payment: Payment = { type: 'sepa_debit', iban: 'AT861904300235473202', name: 'Jenny Rosen', email: 'jenny@example.com' };
    const { clock, customer, sub } = await subscribeOnClock(h, catalog.pro, payment);
    await advanceTo(h, clock, JAN_1_2027 + 181);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');

    // Retries after 3, 5 and 7 more days, each settling (and failing) after processing.
    await advanceTo(h, clock, JAN_1_2027 + 20 * 86_400);
    const ended = await h.stripe.subscriptions.retrieve(sub.id);
    expect(ended.status).toBe('canceled');
    expect(ended.cancellation_details?.reason).toBe('payment_failed');
    const invoice = await h.stripe.invoices.retrieve(idOf(sub.latest_invoice));
    expect(invoice.attempt_count).toBe(4);
    expect(invoice.next_payment_attempt).toBeNull();
    expect(await entitlementKeys(h.stripe, customer)).toEqual([]);
  });

  it('settles on the emulator clock for customers without a test clock', async () => {
    const session = await checkoutSession(h.stripe, catalog.basic);
    const outcome = await h.emulator.checkout.complete(session.id, { type: 'sepa_debit', iban: 'AT321904300235473204', email: 'a@example.com' });
    expect(outcome.status).toBe('processing');
    expect(outcome.redirectUrl).toContain(session.id);
    const done = await h.stripe.checkout.sessions.retrieve(session.id);
    const invoiceId = idOf(done.invoice);
    expect((await h.stripe.invoices.retrieve(invoiceId)).status).toBe('open');
    const before = h.emulator.clock.now();
    await h.emulator.clock.advance(200);
    expect(h.emulator.clock.now()).toBeGreaterThanOrEqual(before + 200);
    expect((await h.stripe.invoices.retrieve(invoiceId)).status).toBe('paid');
  });
});
