import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkoutSession, idOf, seedCatalog, startHarness, type Catalog, type Harness } from './support/harness.js';
import { subscribeOnClock } from './support/clock.js';

let h: Harness;
let catalog: Catalog;

beforeEach(async () => {
  h = await startHarness();
  catalog = await seedCatalog(h.stripe);
});
afterEach(async () => h.close());

/** The PaymentIntent that paid the subscription's first invoice, found the way this API version records it. */
async function paidIntent(sub: Stripe.Subscription): Promise<Stripe.PaymentIntent> {
  const invoice = await h.stripe.invoices.retrieve(idOf(sub.latest_invoice), { expand: ['payments'] });
  const payment = invoice.payments?.data.find((p) => p.status === 'paid');
  return h.stripe.paymentIntents.retrieve(idOf(payment?.payment.payment_intent));
}

async function refundError(params: Stripe.RefundCreateParams): Promise<Stripe.errors.StripeError> {
  const error: unknown = await h.stripe.refunds.create(params).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof Stripe.errors.StripeError)) throw new Error('expected a Stripe error');
  return error;
}

describe('refunds', () => {
  it('refunds a paid invoice’s PaymentIntent in full, with refund.created', async () => {
    const { customer, sub } = await subscribeOnClock(h, catalog.pro);
    const pi = await paidIntent(sub);
    const from = await h.mark();
    const refund = await h.stripe.refunds.create({ payment_intent: pi.id, reason: 'duplicate', metadata: { why: 'test' } });
    expect(refund).toMatchObject({
      object: 'refund',
      amount: 3000,
      currency: 'usd',
      status: 'succeeded',
      payment_intent: pi.id,
      charge: pi.latest_charge,
      customer,
      payment_method: pi.payment_method,
      reason: 'duplicate',
      metadata: { why: 'test' },
      destination_details: { type: 'card', card: { type: 'refund' } },
    });
    const events = await h.eventsSince(from);
    expect(events.map((e) => e.type)).toEqual(['refund.created']);
    const [created] = events;
    if (created?.type !== 'refund.created') throw new Error('expected refund.created');
    expect(created.data.object.id).toBe(refund.id);

    expect(await h.stripe.refunds.retrieve(refund.id)).toEqual(refund);
    expect((await h.stripe.refunds.list({ payment_intent: pi.id })).data.map((r) => r.id)).toEqual([refund.id]);
    expect((await h.stripe.refunds.list({ charge: idOf(pi.latest_charge) })).data.map((r) => r.id)).toEqual([refund.id]);
  });

  it('takes partial refunds up to what was paid, and refuses more', async () => {
    const { sub } = await subscribeOnClock(h, catalog.pro);
    const pi = await paidIntent(sub);
    expect((await h.stripe.refunds.create({ payment_intent: pi.id, amount: 1000 })).amount).toBe(1000);

    const tooLarge = await refundError({ payment_intent: pi.id, amount: 2001 });
    expect(tooLarge.statusCode).toBe(400);
    expect(tooLarge.code).toBe('amount_too_large');
    expect(tooLarge.param).toBe('amount');

    // Without an amount, what is left.
    expect((await h.stripe.refunds.create({ payment_intent: pi.id })).amount).toBe(2000);
    const again = await refundError({ payment_intent: pi.id });
    expect(again.statusCode).toBe(400);
    expect(again.code).toBe('charge_already_refunded');

    const refunds = (await h.stripe.refunds.list({ payment_intent: pi.id })).data;
    expect(refunds.map((r) => r.amount)).toEqual([2000, 1000]);
  });

  it('replays a refund for the same idempotency key instead of refunding twice', async () => {
    const { sub } = await subscribeOnClock(h, catalog.basic);
    const pi = await paidIntent(sub);
    const key = `refund-${pi.id}`;
    const first = await h.stripe.refunds.create({ payment_intent: pi.id }, { idempotencyKey: key });
    const second = await h.stripe.refunds.create({ payment_intent: pi.id }, { idempotencyKey: key });
    expect(second.id).toBe(first.id);
    expect((await h.stripe.refunds.list({ payment_intent: pi.id })).data).toHaveLength(1);
  });

  it('refunds by charge id', async () => {
    const { sub } = await subscribeOnClock(h, catalog.basic);
    const pi = await paidIntent(sub);
    const refund = await h.stripe.refunds.create({ charge: idOf(pi.latest_charge), amount: 250 });
    expect(refund).toMatchObject({ payment_intent: pi.id, amount: 250 });
  });

  it('refuses refunds with nothing to refund, and creates nothing', async () => {
    const none = await refundError({});
    expect(none.code).toBe('parameter_missing');
    const unknown = await refundError({ payment_intent: 'pi_doesnotexist' });
    expect(unknown.code).toBe('resource_missing');
    expect(unknown.param).toBe('payment_intent');

    // A SEPA debit still processing has no successful charge yet.
    const customer = await h.stripe.customers.create({ email: 'sepa@example.com' });
    const session = await checkoutSession(h.stripe, catalog.basic, { customer: customer.id });
    await h.emulator.checkout.complete(session.id, { type: 'sepa_debit', iban: 'AT321904300235473204', name: 'Jenny Rosen', email: 'sepa@example.com' });
    const [processing] = (await h.stripe.paymentIntents.list({ customer: customer.id })).data;
    expect(processing?.status).toBe('processing');
    const early = await refundError({ payment_intent: processing?.id ?? '' });
    expect(early.statusCode).toBe(400);

    expect((await h.stripe.refunds.list()).data).toEqual([]);
  });
});
