import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { idOf, only, seedCatalog, startHarness, type Catalog, type Harness } from './support/harness.js';

let h: Harness;
let catalog: Catalog;

beforeEach(async () => {
  h = await startHarness();
  catalog = await seedCatalog(h.stripe);
});
afterEach(async () => h.close());

async function latestPaymentIntent(subscription: Stripe.Subscription): Promise<Stripe.PaymentIntent> {
  const invoice = await h.stripe.invoices.retrieve(idOf(subscription.latest_invoice), { expand: ['payments.data.payment.payment_intent'] });
  const pi = invoice.payments?.data[0]?.payment.payment_intent;
  if (!pi || typeof pi === 'string') throw new Error('invoice has no PaymentIntent');
  return pi;
}

async function subscribeWith(defaultPaymentMethod: string, extra: Partial<Stripe.SubscriptionCreateParams> = {}): Promise<Stripe.Subscription> {
  const customer = await h.stripe.customers.create({ email: 'pm@example.com' });
  return h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: catalog.basic.id }], default_payment_method: defaultPaymentMethod, ...extra });
}

describe('test PaymentMethod ids', () => {
  for (const [id, brand, last4, funding] of [
    ['pm_card_visa', 'visa', '4242', 'credit'],
    ['pm_card_visa_debit', 'visa', '5556', 'debit'],
    ['pm_card_mastercard', 'mastercard', '4444', 'credit'],
    ['pm_card_mastercard_debit', 'mastercard', '8210', 'debit'],
    ['pm_card_mastercard_prepaid', 'mastercard', '5100', 'prepaid'],
    ['pm_card_amex', 'amex', '0005', 'credit'],
    ['pm_card_discover', 'discover', '1117', 'credit'],
    ['pm_card_diners', 'diners', '0004', 'credit'],
    ['pm_card_jcb', 'jcb', '0505', 'credit'],
    ['pm_card_unionpay', 'unionpay', '0005', 'credit'],
  ] as const) {
    it(`${id} attaches as a new ${brand} ${funding} card ending ${last4}`, async () => {
      const customer = await h.stripe.customers.create({ email: 'brand@example.com' });
      const pm = await h.stripe.paymentMethods.attach(id, { customer: customer.id });
      expect(pm.id).toMatch(/^pm_/);
      expect(pm.id).not.toBe(id);
      expect(pm.customer).toBe(customer.id);
      expect(pm.card).toMatchObject({ brand, last4, funding });
    });
  }

  it('pm_card_visa as a subscription default_payment_method: attached to the customer, charged, active', async () => {
    const from = await h.mark();
    const sub = await subscribeWith('pm_card_visa');
    expect(sub.status).toBe('active');
    const pmId = idOf(sub.default_payment_method);
    expect(pmId).toMatch(/^pm_/);
    const listed = await h.stripe.paymentMethods.list({ customer: idOf(sub.customer), type: 'card' });
    expect(listed.data.map((p) => p.id)).toEqual([pmId]);
    expect((await latestPaymentIntent(sub)).status).toBe('succeeded');
    expect(only(await h.typesSince(from), ['payment_method.attached', 'customer.subscription.created', 'invoice.paid'])).toEqual([
      'payment_method.attached',
      'customer.subscription.created',
      'invoice.paid',
    ]);
  });

  it('a customer created with payment_method and invoice_settings.default_payment_method = pm_card_visa gets one card, charged for subscriptions', async () => {
    const customer = await h.stripe.customers.create({ email: 'both@example.com', payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const defaultPm = idOf(customer.invoice_settings.default_payment_method);
    const cards = await h.stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    expect(cards.data.map((p) => p.id)).toEqual([defaultPm]);
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: catalog.basic.id }] });
    expect(sub.status).toBe('active');
    expect((await latestPaymentIntent(sub)).payment_method).toBe(defaultPm);
  });

  it('payment_method on a new customer attaches a payment method made from a token', async () => {
    const pm = await h.stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_amex' } });
    expect(pm.customer).toBeNull();
    const customer = await h.stripe.customers.create({ email: 'token@example.com', payment_method: pm.id });
    expect((await h.stripe.paymentMethods.retrieve(pm.id)).customer).toBe(customer.id);
    const other = await h.stripe.customers.create({ email: 'other@example.com', payment_method: pm.id }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((await h.stripe.customers.list({ email: 'other@example.com' })).data).toHaveLength(0);
  });

  it('invoice_settings.default_payment_method = pm_card_mastercard on a customer update attaches a new card', async () => {
    const customer = await h.stripe.customers.create({ email: 'update@example.com' });
    const updated = await h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: 'pm_card_mastercard' } });
    const pm = await h.stripe.paymentMethods.retrieve(idOf(updated.invoice_settings.default_payment_method));
    expect(pm.customer).toBe(customer.id);
    expect(pm.card?.brand).toBe('mastercard');
  });

  for (const [id, code, declineCode] of [
    ['pm_card_chargeDeclined', 'card_declined', 'generic_decline'],
    ['pm_card_visa_chargeDeclined', 'card_declined', 'generic_decline'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
    ['pm_card_chargeDeclinedLostCard', 'card_declined', 'lost_card'],
    ['pm_card_chargeDeclinedStolenCard', 'card_declined', 'stolen_card'],
    ['pm_card_chargeDeclinedFraudulent', 'card_declined', 'fraudulent'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card', undefined],
    ['pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc', undefined],
    ['pm_card_chargeDeclinedProcessingError', 'processing_error', undefined],
  ] as const) {
    it(`${id} cannot be saved: 402 ${declineCode ?? code}, and no subscription is created with it`, async () => {
      const customer = await h.stripe.customers.create({ email: 'decline@example.com' });
      const attached = await h.stripe.paymentMethods.attach(id, { customer: customer.id }).catch((e: unknown) => e);
      expect(attached).toBeInstanceOf(Stripe.errors.StripeCardError);
      expect(attached).toMatchObject({ statusCode: 402, code, ...(declineCode ? { decline_code: declineCode } : {}) });
      const created = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: catalog.basic.id }], default_payment_method: id }).catch((e: unknown) => e);
      expect(created).toBeInstanceOf(Stripe.errors.StripeCardError);
      expect((await h.stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data).toHaveLength(0);
      expect((await h.stripe.paymentMethods.list({ customer: customer.id })).data).toHaveLength(0);
    });
  }

  it('pm_card_chargeCustomerFail attaches, then its payment is declined: incomplete, or 402 with error_if_incomplete', async () => {
    const sub = await subscribeWith('pm_card_chargeCustomerFail');
    expect(sub.status).toBe('incomplete');
    const pi = await latestPaymentIntent(sub);
    expect(pi.status).toBe('requires_payment_method');
    expect(pi.last_payment_error).toMatchObject({ code: 'card_declined', decline_code: 'generic_decline' });
    const refused = await subscribeWith('pm_card_chargeCustomerFail', { payment_behavior: 'error_if_incomplete' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Stripe.errors.StripeCardError);
  });

  for (const id of ['pm_card_authenticationRequired', 'pm_card_threeDSecure2Required', 'pm_card_threeDSecureRequired', 'pm_card_authenticationRequiredOnSetup'] as const) {
    it(`${id}: the first payment waits for 3-D Secure (requires_action, invoice.payment_action_required), the subscription is incomplete`, async () => {
      const from = await h.mark();
      const sub = await subscribeWith(id);
      expect(sub.status).toBe('incomplete');
      const pi = await latestPaymentIntent(sub);
      expect(pi.status).toBe('requires_action');
      expect(pi.next_action?.type).toBe('use_stripe_sdk');
      const invoice = await h.stripe.invoices.retrieve(idOf(sub.latest_invoice));
      expect(invoice.status).toBe('open');
      const types = await h.typesSince(from);
      expect(types).toContain('invoice.payment_action_required');
      expect(types).toContain('payment_intent.requires_action');
      expect(types).not.toContain('invoice.paid');
      const entitlements = await h.stripe.entitlements.activeEntitlements.list({ customer: idOf(sub.customer) });
      expect(entitlements.data).toHaveLength(0);
    });
  }

  it('pm_card_authenticationRequired as the new default: the renewal waits for authentication and the subscription goes past_due', async () => {
    const sub = await subscribeWith('pm_card_visa');
    await h.stripe.subscriptions.update(sub.id, { default_payment_method: 'pm_card_authenticationRequired' });
    const from = await h.mark();
    await h.emulator.clock.advance(32 * 86400);
    const renewed = await h.stripe.subscriptions.retrieve(sub.id);
    expect(renewed.status).toBe('past_due');
    expect(renewed.latest_invoice).not.toBe(sub.latest_invoice);
    expect((await latestPaymentIntent(renewed)).status).toBe('requires_action');
    expect(only(await h.typesSince(from), ['invoice.created', 'invoice.payment_action_required', 'invoice.paid'])).toEqual(['invoice.created', 'invoice.payment_action_required']);
  });
});

describe('test tokens as a customer source', () => {
  it('source=tok_visa saves a card source that subscriptions are charged to', async () => {
    const from = await h.mark();
    const customer = await h.stripe.customers.create({ email: 'source@example.com', source: 'tok_visa' });
    const sourceId = idOf(customer.default_source);
    expect(sourceId).toMatch(/^card_/);
    const card = await h.stripe.paymentMethods.retrieve(sourceId);
    expect(card).toMatchObject({ type: 'card', customer: customer.id, card: { brand: 'visa', last4: '4242' } });
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: catalog.basic.id }] });
    expect(sub.status).toBe('active');
    expect((await latestPaymentIntent(sub)).payment_method).toBe(sourceId);
    expect(only(await h.typesSince(from), ['customer.created', 'payment_method.attached'])).toEqual(['customer.created', 'payment_method.attached']);
  });

  it('source=tok_mastercard on an update replaces the default source', async () => {
    const customer = await h.stripe.customers.create({ email: 'source@example.com', source: 'tok_visa' });
    const updated = await h.stripe.customers.update(customer.id, { source: 'tok_mastercard' });
    expect(updated.default_source).not.toBe(customer.default_source);
    expect((await h.stripe.paymentMethods.retrieve(idOf(updated.default_source))).card?.brand).toBe('mastercard');
  });

  for (const [token, declineCode] of [
    ['tok_chargeDeclined', 'generic_decline'],
    ['tok_chargeDeclinedInsufficientFunds', 'insufficient_funds'],
  ] as const) {
    it(`source=${token} is refused with a 402 and no customer is created`, async () => {
      const refused = await h.stripe.customers.create({ email: 'declined@example.com', source: token }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(Stripe.errors.StripeCardError);
      expect(refused).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: declineCode });
      expect((await h.stripe.customers.list({ email: 'declined@example.com' })).data).toHaveLength(0);
    });
  }

  it('source=tok_chargeCustomerFail is saved, and the first payment with it is declined', async () => {
    const customer = await h.stripe.customers.create({ email: 'fail@example.com', source: 'tok_chargeCustomerFail' });
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: catalog.basic.id }] });
    expect(sub.status).toBe('incomplete');
    expect((await latestPaymentIntent(sub)).last_payment_error?.decline_code).toBe('generic_decline');
  });

  it('an unknown token is a 400 resource_missing', async () => {
    const refused = await h.stripe.customers.create({ source: 'tok_nonsense' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(refused).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'source' });
  });
});
