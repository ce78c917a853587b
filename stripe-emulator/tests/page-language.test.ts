import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classify, MAGIC_PAYMENT_METHODS, type PaymentInput } from '../src/billing/test-values.js';
import { en } from '../src/pages/messages/en.js';
import { fr } from '../src/pages/messages/fr.js';
import { withPageLocale } from '../src/pages/page-locale.js';
import { languageOf, localizeError } from '../src/pages/page-text.js';
import { CARD_OK, checkoutSession, idOf, page, seedCatalog, startHarness, type Catalog, type Harness } from './support/harness.js';

// Stripe's hosted pages speak the session's language (or the browser's, for `auto`); the
// emulator's speak French for a French locale and English for any other, while the API keeps
// Stripe's English messages.

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

describe('message tables', () => {
  it('French has exactly the English groups and keys, each with the same placeholders', () => {
    const english: Record<string, Record<string, string>> = en;
    const frenchGroups: Record<string, Record<string, string>> = fr;
    expect(Object.keys(frenchGroups).sort()).toEqual(Object.keys(english).sort());
    for (const [group, texts] of Object.entries(english)) {
      const french = frenchGroups[group] ?? {};
      expect(Object.keys(french).sort(), group).toEqual(Object.keys(texts).sort());
      for (const [key, text] of Object.entries(texts)) {
        expect(french[key], `${group}.${key}`).toBeTruthy();
        expect(placeholders(french[key] ?? ''), `${group}.${key}`).toEqual(placeholders(text));
      }
    }
  });

  it('the two texts the pages write unescaped hold no markup in any language', () => {
    for (const table of [en, fr]) {
      for (const text of [table.challenge.body, table.portal.dontCancel]) expect(text).toMatch(/^[^<>&"]*$/);
    }
  });

  it('a French page is one whose locale is fr or fr-*', () => {
    expect(['fr', 'fr-FR', 'fr-CA', 'FR-be'].map(languageOf)).toEqual(['fr', 'fr', 'fr', 'fr']);
    expect(['en-US', 'de-DE', 'fil', 'fro'].map(languageOf)).toEqual(['en', 'en', 'en', 'en']);
  });

  it('every decline and refusal of the test values has a French text', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const inputs: PaymentInput[] = [
      ...Object.values(MAGIC_PAYMENT_METHODS).map((number): PaymentInput => ({ type: 'card', number, expMonth: 12, expYear: 2034, cvc: '123' })),
      { type: 'card', number: '4242424242424241' },
      { type: 'card', number: '4242424242424242', expMonth: 13, expYear: 2034 },
      { type: 'card', number: '4242424242424242', expMonth: 1, expYear: 2020 },
      { type: 'card', number: '4242424242424242', cvc: '12a' },
      { type: 'sepa_debit', iban: 'nope' },
      { type: 'sepa_debit', iban: 'AT861904300235473202' },
      { type: 'au_becs_debit', bsbNumber: '1', accountNumber: '1' },
      { type: 'au_becs_debit', bsbNumber: '000000', accountNumber: '111111113' },
      { type: 'klarna', email: 'nope' },
      { type: 'klarna', email: 'a@b.co', code: '12' },
      { type: 'klarna', email: 'a@b.co', code: '999999' },
      { type: 'klarna', email: 'a+denied@b.co', code: '123456' },
    ];
    const messages = new Set<string>();
    for (const input of inputs) {
      const verdict = classify(input, now);
      if (verdict.rejectNow) messages.add(verdict.rejectNow.message);
      if (verdict.charge.kind === 'decline') messages.add(verdict.charge.decline.message);
      if (verdict.charge.kind === 'async' && verdict.charge.failure) messages.add(verdict.charge.failure.message);
    }
    expect(messages.size).toBeGreaterThan(15);
    for (const message of messages) {
      const french = withPageLocale('fr', () => localizeError(message));
      expect(french, message).not.toBe(message);
      expect(withPageLocale('en-US', () => localizeError(message))).toBe(message);
    }
    expect(withPageLocale('fr-FR', () => localizeError('This Checkout Session does not accept klarna.'))).toBe('Cette session Checkout n’accepte pas le moyen de paiement klarna.');
    expect(withPageLocale('fr', () => localizeError('Something the table does not know.'))).toBe('Something the table does not know.');
  });
});

function post(url: string, fields: Record<string, string>, acceptLanguage = 'en-US'): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': acceptLanguage },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
}

// Intl writes "15,00 $US" with no-break spaces; \s matches them.
const FIFTEEN_DOLLARS_FR = /15,00\s\$US/;

describe('hosted pages in French', () => {
  let h: Harness;
  let catalog: Catalog;

  beforeEach(async () => {
    h = await startHarness();
    catalog = await seedCatalog(h.stripe);
  });
  afterEach(async () => {
    await h.close();
  });

  it('a checkout session created with locale fr: lang="fr", French words, French money', async () => {
    const price = await h.stripe.prices.create({ product: catalog.basicProduct.id, currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' } });
    const session = await checkoutSession(h.stripe, price, { locale: 'fr' });
    if (!session.url) throw new Error('no url');
    const html = await page(session.url, 'en-US,en;q=0.9');
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<title>Paiement</title>');
    expect(html).toContain('<button class="wide" type="submit">S’abonner</button>');
    expect(html).toMatch(FIFTEEN_DOLLARS_FR);
    expect(html).toMatch(/15,00\s\$US \/ mois/);
    for (const text of ['Total dû aujourd’hui', 'Moyen de paiement', 'Numéro de carte', 'Prélèvement SEPA', 'Mode test', '← Retour']) expect(html).toContain(text);
    expect(html).not.toContain('Subscribe');
    expect(html).not.toContain('Card number');
  });

  it('locale auto follows Accept-Language: French for fr, English words (in the locale’s formats) otherwise', async () => {
    const session = await checkoutSession(h.stripe, catalog.pro, { locale: 'auto' });
    if (!session.url) throw new Error('no url');
    const french = await page(session.url, 'fr-FR,fr;q=0.9,en;q=0.8');
    expect(french).toContain('<html lang="fr">');
    expect(french).toContain('S’abonner');
    expect(french).toMatch(/30,00\s\$US/);
    const german = await page(session.url, 'de-DE,de;q=0.9');
    expect(german).toContain('<html lang="en">');
    expect(german).toContain('Subscribe');
    expect(german).toContain('30,00');
    const english = await page(session.url);
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('<button class="wide" type="submit">Subscribe</button>');
  });

  it('shows declines and refused card details in French on a French page, while the API keeps English', async () => {
    const session = await checkoutSession(h.stripe, catalog.pro, { locale: 'fr' });
    if (!session.url) throw new Error('no url');
    const declined = await post(session.url, { method: 'card', card_number: '4000000000000002', card_exp: '12/34', card_cvc: '123' });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('<div class="error" role="alert">Votre carte a été refusée.</div>');
    const poor = await post(session.url, { method: 'card', card_number: '4000000000009995', card_exp: '12/34', card_cvc: '123' });
    expect(await poor.text()).toContain('Votre carte ne dispose pas de fonds suffisants.');
    const mistyped = await post(session.url, { method: 'card', card_number: '4242 4242 4242 4241', card_exp: '12/34', card_cvc: '123' });
    expect(await mistyped.text()).toContain('Le numéro de votre carte est incorrect.');
    const klarna = await post(session.url, { method: 'klarna', klarna_email: 'not an email' });
    expect(await klarna.text()).toContain('Saisissez une adresse e-mail valide.');
    const outcome = await h.emulator.checkout.complete(session.id, { type: 'card', number: '4000000000000002', expMonth: 12, expYear: 2034 });
    expect(outcome.error).toBe('Your card was declined.');
  });

  it('the 3-D Secure test page speaks the session’s language', async () => {
    const session = await checkoutSession(h.stripe, catalog.pro, { locale: 'fr-CA' });
    if (!session.url) throw new Error('no url');
    const started = await post(session.url, { method: 'card', card_number: '4000002500003155', card_exp: '12/34', card_cvc: '123' });
    const challenge = started.headers.get('location') ?? '';
    const html = await page(challenge);
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Approuver');
    const failed = await post(challenge, { action: 'fail' });
    expect(await failed.text()).toContain('Nous ne parvenons pas à authentifier votre moyen de paiement.');
  });

  it('a portal session created with locale fr: French page, French dates, French notices', async () => {
    const s = await checkoutSession(h.stripe, catalog.basic);
    await h.emulator.checkout.complete(s.id, CARD_OK);
    const done = await h.stripe.checkout.sessions.retrieve(s.id);
    const subscription = await h.stripe.subscriptions.retrieve(idOf(done.subscription));
    const end = subscription.items.data[0]?.current_period_end ?? 0;
    const portal = await h.stripe.billingPortal.sessions.create({ customer: idOf(done.customer), locale: 'fr', return_url: 'https://app.example/billing' });
    const html = await page(portal.url, 'en-US');
    const frenchDate = new Intl.DateTimeFormat('fr', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(end * 1000));
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<h1>Facturation</h1>');
    expect(html).toContain(`Se renouvelle le ${frenchDate}`);
    expect(html).toContain('Visa •••• 4242 · expire fin 12/40');
    expect(html).toContain('<td>Payée</td>');
    for (const text of ['Offre actuelle', 'Moyen de paiement', 'Mettre à jour la carte', 'Historique des factures', 'Mode test']) expect(html).toContain(text);
    expect(html).not.toContain('Renews on');

    const canceled = await post(`${portal.url}/cancel`, { subscription: subscription.id });
    expect(canceled.status).toBe(303);
    const after = await page(new URL(canceled.headers.get('location') ?? '', portal.url).toString(), 'en-US');
    expect(after).toContain('<div class="ok" role="status">Votre abonnement a été annulé.</div>');
    expect(after).toContain('Ne pas annuler');
    const expired = await post(`${portal.url}/update-card`, { card_number: '4000000000000069', card_exp: '12/34', card_cvc: '123' });
    const refused = await page(new URL(expired.headers.get('location') ?? '', portal.url).toString());
    expect(refused).toContain('<div class="error" role="alert">Votre carte a expiré.</div>');
  });

  it('an invoice page follows its customer’s preferred locale, else the browser’s', async () => {
    const customer = await h.stripe.customers.create({ email: 'zoe@example.fr', preferred_locales: ['fr-FR'] });
    await h.stripe.invoiceItems.create({ customer: customer.id, amount: 1500, currency: 'usd', description: 'Consulting' });
    const draft = await h.stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', auto_advance: false });
    const invoice = await h.stripe.invoices.finalizeInvoice(draft.id);
    if (!invoice.hosted_invoice_url) throw new Error('no hosted invoice url');
    const html = await page(invoice.hosted_invoice_url, 'en-US');
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Payer par carte');
    expect(html).toContain('À payer');
    expect(html).toMatch(/Payer 15,00\s\$US/);
    const declined = await post(`${invoice.hosted_invoice_url}/pay`, { card_number: '4000000000000002', card_exp: '12/34', card_cvc: '123' });
    expect(await declined.text()).toContain('Votre carte a été refusée.');

    const other = await h.stripe.customers.create({ email: 'sam@example.com' });
    await h.stripe.invoiceItems.create({ customer: other.id, amount: 1500, currency: 'usd' });
    const otherInvoice = await h.stripe.invoices.finalizeInvoice((await h.stripe.invoices.create({ customer: other.id, pending_invoice_items_behavior: 'include', auto_advance: false })).id);
    const english = await page(otherInvoice.hosted_invoice_url ?? '', 'en-US');
    expect(english).toContain('Pay with card');
    expect(await page(otherInvoice.hosted_invoice_url ?? '', 'fr-FR')).toContain('Payer par carte');
  });

  it('the not-found page speaks the browser’s language', async () => {
    const res = await fetch(`${h.emulator.url}/c/pay/cs_test_missing`, { headers: { 'Accept-Language': 'fr-FR' } });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<h1>Introuvable</h1>');
    expect(html).toContain('Session Checkout introuvable : cs_test_missing');
  });
});
