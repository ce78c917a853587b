import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { startStripeEmulator, type StripeEmulator } from '../src/index.js';
import { CARD_OK, checkoutSession, idOf, seedCatalog } from './support/harness.js';

// The business a page names is the one the emulator was started for (Stripe shows the account's
// public business name), never a name built into the emulator.

let emulator: StripeEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function pagesOf(accountName: string | undefined): Promise<{ checkout: string; portal: string; invoice: string; invoiceAccountName: string | null }> {
  emulator = await startStripeEmulator({ port: 0, accountName });
  const stripe = new Stripe('sk_test_account_name', { ...emulator.stripeConfig, maxNetworkRetries: 0 });
  const catalog = await seedCatalog(stripe);
  const session = await checkoutSession(stripe, catalog.basic);
  const checkout = await (await fetch(session.url ?? '')).text();
  await emulator.checkout.complete(session.id, CARD_OK);
  const paid = await stripe.checkout.sessions.retrieve(session.id, { expand: ['invoice'] });
  const customer = idOf(paid.customer);
  const invoices = await stripe.invoices.list({ customer });
  const first = invoices.data[0];
  const portalSession = await stripe.billingPortal.sessions.create({ customer, return_url: 'https://app.example/account' });
  const portal = await (await fetch(portalSession.url)).text();
  const invoice = await (await fetch(first?.hosted_invoice_url ?? '')).text();
  return { checkout, portal, invoice, invoiceAccountName: first?.account_name ?? null };
}

describe('the account name', () => {
  it('is the one given at start on the checkout, portal and invoice pages and on invoices, escaped', async () => {
    const seen = await pagesOf('Acme <Tools>');
    for (const html of [seen.checkout, seen.portal, seen.invoice]) {
      expect(html).toContain('Acme &lt;Tools&gt;');
      expect(html).not.toContain('Acme <Tools>');
    }
    expect(seen.portal).toContain('← Return to Acme &lt;Tools&gt;');
    expect(seen.invoiceAccountName).toBe('Acme <Tools>');
  });

  it('is a neutral "Test business" when none is given', async () => {
    const seen = await pagesOf(undefined);
    for (const html of [seen.checkout, seen.portal, seen.invoice]) expect(html).toContain('Test business');
    expect(seen.invoiceAccountName).toBe('Test business');
    expect(`${seen.checkout}${seen.portal}${seen.invoice}`).not.toMatch(/entitle\b/i);
  });
});
