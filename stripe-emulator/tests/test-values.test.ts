import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CARD_OK, checkoutSession, seedCatalog, startHarness, type Catalog, type Harness, type Payment } from './support/harness.js';

let h: Harness;
let catalog: Catalog;

beforeEach(async () => {
  h = await startHarness();
  catalog = await seedCatalog(h.stripe);
});
afterEach(async () => h.close());

async function attempt(payment: Payment): Promise<{ outcome: Awaited<ReturnType<Harness['emulator']['checkout']['complete']>>; sessionId: string }> {
  const session = await checkoutSession(h.stripe, catalog.basic);
  return { outcome: await h.emulator.checkout.complete(session.id, payment), sessionId: session.id };
}

async function nothingCreated(sessionId: string): Promise<void> {
  expect((await h.stripe.customers.list()).data).toHaveLength(0);
  expect((await h.stripe.subscriptions.list({ status: 'all' })).data).toHaveLength(0);
  const session = await h.stripe.checkout.sessions.retrieve(sessionId);
  expect(session.status).toBe('open');
  expect(session.subscription).toBeNull();
}

describe('card test numbers in checkout', () => {
  it('4242 4242 4242 4242 succeeds', async () => {
    const { outcome } = await attempt(CARD_OK);
    expect(outcome.status).toBe('complete');
  });

  for (const [number, message] of [
    ['4000000000009995', 'Your card has insufficient funds.'],
    ['4000000000000002', 'Your card was declined.'],
    ['4000000000000341', 'Your card was declined.'],
    ['4242424242424241', 'Your card number is incorrect.'],
  ] as const) {
    it(`${number} fails with “${message}” and creates nothing`, async () => {
      const { outcome, sessionId } = await attempt({ type: 'card', number });
      expect(outcome).toEqual({ status: 'failed', error: message });
      await nothingCreated(sessionId);
    });
  }

  it('4000 0025 0000 3155 requires 3-D Secure; nothing exists until approved', async () => {
    const { outcome, sessionId } = await attempt({ type: 'card', number: '4000002500003155' });
    expect(outcome.status).toBe('requires_action');
    expect(outcome.actionUrl).toBe(`${h.emulator.url}/c/3ds/${sessionId}`);
    await nothingCreated(sessionId);
  });
});

describe('card test numbers on saved payment methods', () => {
  it('refuses to attach a card that declines, with a 402 card_error', async () => {
    const customer = await h.stripe.customers.create({ email: 'x@example.com' });
    await expect(h.stripe.paymentMethods.attach('pm_card_visa_chargeDeclinedInsufficientFunds', { customer: customer.id })).rejects.toMatchObject({
      statusCode: 402,
      type: 'StripeCardError',
      code: 'card_declined',
      decline_code: 'insufficient_funds',
    });
  });

  it('attaches 0341 but declines charges (error_if_incomplete answers 402)', async () => {
    const customer = await h.stripe.customers.create({ email: 'x@example.com' });
    const pm = await h.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    expect(pm.card?.last4).toBe('0341');
    await expect(
      h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: catalog.basic.id }], default_payment_method: pm.id, payment_behavior: 'error_if_incomplete' }),
    ).rejects.toMatchObject({ statusCode: 402, code: 'card_declined' });
    const incomplete = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: catalog.basic.id }], default_payment_method: pm.id });
    expect(incomplete.status).toBe('incomplete');
  });

  it('an incomplete subscription becomes active when its PaymentIntent is confirmed', async () => {
    const customer = await h.stripe.customers.create({ email: 'x@example.com' });
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: catalog.basic.id }], payment_behavior: 'default_incomplete', expand: ['latest_invoice.payments'] });
    expect(sub.status).toBe('incomplete');
    const invoice = sub.latest_invoice;
    if (!invoice || typeof invoice === 'string') throw new Error('latest_invoice not expanded');
    expect(invoice.confirmation_secret?.client_secret).toMatch(/^pi_.+_secret_/);
    const piId = String(invoice.payments?.data[0]?.payment.payment_intent);
    const declined = await h.stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_chargeDeclined' } });
    const failed = await h.stripe.paymentIntents.confirm(piId, { payment_method: declined.id });
    expect(failed.status).toBe('requires_payment_method');
    expect(failed.last_payment_error?.code).toBe('card_declined');
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('incomplete');
    const card = await h.stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    const confirmed = await h.stripe.paymentIntents.confirm(piId, { payment_method: card.id });
    expect(confirmed.status).toBe('succeeded');
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });

  it('an incomplete subscription expires after 23 hours', async () => {
    const customer = await h.stripe.customers.create({ email: 'x@example.com' });
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: catalog.basic.id }], payment_behavior: 'default_incomplete' });
    expect(sub.status).toBe('incomplete');
    await h.emulator.clock.advance(23 * 3600 + 5);
    const expired = await h.stripe.subscriptions.retrieve(sub.id);
    expect(expired.status).toBe('incomplete_expired');
    expect((await h.stripe.invoices.retrieve(String(expired.latest_invoice))).status).toBe('void');
  });
});

describe('Klarna test emails and codes', () => {
  for (const email of ['customer@email.us', 'customer@email.au']) {
    it(`${email} is approved with any six-digit code`, async () => {
      const { outcome } = await attempt({ type: 'klarna', email, code: '123456' });
      expect(outcome.status).toBe('complete');
      const pm = (await h.stripe.paymentMethods.list({ customer: (await h.stripe.customers.list()).data[0]?.id ?? '' })).data[0];
      expect(pm?.type).toBe('klarna');
    });
  }
  for (const email of ['customer+denied@email.us', 'customer+denied@email.au']) {
    it(`${email} is denied`, async () => {
      const { outcome, sessionId } = await attempt({ type: 'klarna', email, code: '123456' });
      expect(outcome.status).toBe('failed');
      await nothingCreated(sessionId);
    });
  }
  it('code 999999 fails', async () => {
    const { outcome, sessionId } = await attempt({ type: 'klarna', email: 'customer@email.us', code: '999999' });
    expect(outcome).toEqual({ status: 'failed', error: 'The verification code is incorrect.' });
    await nothingCreated(sessionId);
  });
});

describe('bank debit validation', () => {
  it('rejects a malformed IBAN', async () => {
    const { outcome } = await attempt({ type: 'sepa_debit', iban: 'NOT-AN-IBAN' });
    expect(outcome.status).toBe('failed');
  });
  it('rejects a malformed BSB', async () => {
    const { outcome } = await attempt({ type: 'au_becs_debit', bsbNumber: '12', accountNumber: '900123456' });
    expect(outcome.status).toBe('failed');
  });
});
