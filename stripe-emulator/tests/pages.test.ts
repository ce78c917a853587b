import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CARD_OK, checkoutSession, idOf, seedCatalog, startHarness, type Catalog, type Harness } from './support/harness.js';

let h: Harness;
let catalog: Catalog;
let app: Server;
let appUrl: string;

beforeEach(async () => {
  h = await startHarness();
  catalog = await seedCatalog(h.stripe);
  // Stands in for the app's success page so redirects can be followed for real.
  app = createServer((req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`app page ${req.url ?? ''}`));
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', () => resolve()));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await h.close();
  await new Promise<void>((resolve) => app.close(() => resolve()));
});

function post(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields), redirect: 'manual' });
}

async function session(): Promise<string> {
  const s = await checkoutSession(h.stripe, catalog.pro, { success_url: `${appUrl}/welcome?session_id={CHECKOUT_SESSION_ID}`, cancel_url: `${appUrl}/pricing` });
  if (!s.url) throw new Error('no url');
  return s.url;
}

describe('hosted checkout page', () => {
  it('shows the line items, total, methods and the back link', async () => {
    const url = await session();
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Pro');
    expect(html).toContain('$30.00');
    expect(html).toContain(`href="${appUrl}/pricing"`);
    for (const label of ['Card', 'SEPA Direct Debit', 'BECS Direct Debit', 'Klarna']) expect(html).toContain(label);
  });

  it('posting a good card redirects (303) to success_url, which can be followed', async () => {
    const url = await session();
    const res = await post(url, { method: 'card', card_number: '4242 4242 4242 4242', card_exp: '12 / 34', card_cvc: '123' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    const sessionId = url.split('/').pop() ?? '';
    expect(location).toBe(`${appUrl}/welcome?session_id=${sessionId}`);
    const followed = await fetch(location);
    expect(await followed.text()).toBe(`app page /welcome?session_id=${sessionId}`);
    expect((await h.stripe.checkout.sessions.retrieve(sessionId)).status).toBe('complete');
  });

  it('shows a decline on the same page and keeps the session open', async () => {
    const url = await session();
    const res = await post(url, { method: 'card', card_number: '4000000000009995', card_exp: '12/34', card_cvc: '123' });
    expect(res.status).toBe(402);
    expect(await res.text()).toContain('Your card has insufficient funds.');
    expect((await h.stripe.checkout.sessions.retrieve(url.split('/').pop() ?? '')).status).toBe('open');
  });

  it('runs the 3-D Secure challenge: Approve completes, Fail declines', async () => {
    const approveUrl = await session();
    const first = await post(approveUrl, { method: 'card', card_number: '4000002500003155', card_exp: '12/34', card_cvc: '123' });
    expect(first.status).toBe(303);
    const challenge = first.headers.get('location') ?? '';
    expect(challenge).toContain('/c/3ds/');
    const page = await (await fetch(challenge)).text();
    expect(page).toContain('Approve');
    expect(page).toContain('3155');
    const approved = await post(challenge, { action: 'approve' });
    expect(approved.status).toBe(303);
    expect(approved.headers.get('location')).toContain(`${appUrl}/welcome`);

    const failUrl = await session();
    const second = await post(failUrl, { method: 'card', card_number: '4000002500003155', card_exp: '12/34', card_cvc: '123' });
    const failed = await post(second.headers.get('location') ?? '', { action: 'fail' });
    expect(failed.status).toBe(402);
    expect(await failed.text()).toContain('unable to authenticate');
  });

  it('runs Klarna in two steps: email, then code', async () => {
    const url = await session();
    const step1 = await post(url, { method: 'klarna', klarna_email: 'customer@email.us' });
    expect(step1.status).toBe(200);
    expect(await step1.text()).toContain('six-digit code');
    const wrong = await post(url, { method: 'klarna', klarna_email: 'customer@email.us', klarna_code: '999999' });
    expect(wrong.status).toBe(402);
    const right = await post(url, { method: 'klarna', klarna_email: 'customer@email.us', klarna_code: '424242' });
    expect(right.status).toBe(303);
    // A denied email still gets the code step; the denial comes after it.
    const deniedUrl = await session();
    const deniedStep1 = await post(deniedUrl, { method: 'klarna', klarna_email: 'customer+denied@email.us' });
    expect(deniedStep1.status).toBe(200);
    expect(await deniedStep1.text()).toContain('six-digit code');
    const denied = await post(deniedUrl, { method: 'klarna', klarna_email: 'customer+denied@email.us', klarna_code: '123456' });
    expect(denied.status).toBe(402);
    expect(await denied.text()).toContain('Klarna declined this payment.');
    const badEmail = await post(await session(), { method: 'klarna', klarna_email: 'not-an-email' });
    expect(badEmail.status).toBe(402);
  });
});

describe('customer portal page', () => {
  it('switches plan, updates the card, cancels at period end, lists invoices and links back', async () => {
    const s = await checkoutSession(h.stripe, catalog.basic);
    await h.emulator.checkout.complete(s.id, CARD_OK);
    const done = await h.stripe.checkout.sessions.retrieve(s.id);
    const customer = idOf(done.customer);
    const config = await h.stripe.billingPortal.configurations.create({
      features: {
        subscription_update: { enabled: true, default_allowed_updates: ['price'], proration_behavior: 'always_invoice', products: [{ product: catalog.basicProduct.id, prices: [catalog.basic.id] }, { product: catalog.proProduct.id, prices: [catalog.pro.id] }] },
        subscription_cancel: { enabled: true, mode: 'at_period_end' },
        payment_method_update: { enabled: true },
        invoice_history: { enabled: true },
        customer_update: { enabled: true, allowed_updates: ['email', 'name'] },
      },
    });
    const portal = await h.stripe.billingPortal.sessions.create({ customer, configuration: config.id, return_url: `${appUrl}/account` });
    expect(portal.url).toBe(`${h.emulator.url}/p/session/${portal.id}`);
    const html = await (await fetch(portal.url)).text();
    expect(html).toContain('Current plan');
    expect(html).toContain(`href="${appUrl}/account"`);
    expect(html).toContain('Switch to Pro');
    expect(html).toContain('Invoice history');

    const subId = idOf(done.subscription);
    const switched = await post(`${portal.url}/switch`, { subscription: subId, price: catalog.pro.id });
    expect(switched.status).toBe(303);
    const sub = await h.stripe.subscriptions.retrieve(subId);
    expect(sub.items.data[0]?.price.id).toBe(catalog.pro.id);
    expect((await h.stripe.invoices.list({ subscription: subId })).data[0]?.billing_reason).toBe('subscription_update');

    await post(`${portal.url}/update-card`, { card_number: '5555555555554444', card_exp: '10/33', card_cvc: '123' });
    const updated = await h.stripe.customers.retrieve(customer);
    if (updated.deleted) throw new Error('deleted');
    const pm = await h.stripe.paymentMethods.retrieve(String(updated.invoice_settings.default_payment_method));
    expect(pm.card?.brand).toBe('mastercard');

    await post(`${portal.url}/update-details`, { name: 'Ada Lovelace', email: 'ada@example.com' });
    const renamed = await h.stripe.customers.retrieve(customer);
    expect(renamed.deleted ? null : [renamed.name, renamed.email]).toEqual(['Ada Lovelace', 'ada@example.com']);

    await post(`${portal.url}/cancel`, { subscription: subId });
    expect((await h.stripe.subscriptions.retrieve(subId)).cancel_at_period_end).toBe(true);
    expect(await (await fetch(portal.url)).text()).toContain('Cancels on');
  });
});

describe('hosted invoice page', () => {
  it('pays an open invoice with a card and brings a past_due subscription back to active', async () => {
    const s = await checkoutSession(h.stripe, catalog.basic);
    await h.emulator.checkout.complete(s.id, CARD_OK);
    const done = await h.stripe.checkout.sessions.retrieve(s.id);
    const customer = idOf(done.customer);
    const subId = idOf(done.subscription);
    const failing = await h.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
    const sub = await h.stripe.subscriptions.update(subId, { default_payment_method: failing.id });
    await h.emulator.clock.advance((sub.items.data[0]?.current_period_end ?? 0) - h.emulator.clock.now() + 60);
    const pastDue = await h.stripe.subscriptions.retrieve(subId);
    expect(pastDue.status).toBe('past_due');
    const invoice = await h.stripe.invoices.retrieve(idOf(pastDue.latest_invoice));
    const url = invoice.hosted_invoice_url ?? '';
    expect(await (await fetch(url)).text()).toContain('Pay $10.00');
    const declined = await post(`${url}/pay`, { card_number: '4000000000000341', card_exp: '12/34', card_cvc: '123' });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('Your card was declined.');
    const paid = await post(`${url}/pay`, { card_number: '4242424242424242', card_exp: '12/34', card_cvc: '123' });
    expect(paid.status).toBe(200);
    expect((await h.stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
    expect((await h.stripe.subscriptions.retrieve(subId)).status).toBe('active');
  });

  it('shows the invoice', async () => {
    const s = await checkoutSession(h.stripe, catalog.pro);
    await h.emulator.checkout.complete(s.id, CARD_OK);
    const invoice = await h.stripe.invoices.retrieve(idOf((await h.stripe.checkout.sessions.retrieve(s.id)).invoice));
    expect(invoice.hosted_invoice_url).toBe(`${h.emulator.url}/i/${invoice.id}`);
    const html = await (await fetch(invoice.hosted_invoice_url ?? '')).text();
    expect(html).toContain(invoice.number ?? 'no number');
    expect(html).toContain('$30.00');
    expect(html).toContain('paid');
  });
});
