import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatCard } from '../src/pages/format.js';
import { resolveLocale } from '../src/pages/page-locale.js';
import { CARD_OK, checkoutSession, idOf, page, seedCatalog, startHarness, type Catalog, type Harness } from './support/harness.js';

// The hosted pages write dates, money and cards as the app does for the same locale, and follow
// the browser's Accept-Language when the session's locale is `auto` (the default), as Stripe's do.

let h: Harness;
let catalog: Catalog;

beforeEach(async () => {
  h = await startHarness();
  catalog = await seedCatalog(h.stripe);
});
afterEach(async () => {
  await h.close();
});

describe('locale of the hosted pages', () => {
  it('takes the first supported language of Accept-Language by weight, else en-US', () => {
    expect(resolveLocale(null, 'de-DE,de;q=0.9,en;q=0.8')).toBe('de-DE');
    expect(resolveLocale(null, 'en;q=0.5, fr-FR;q=0.9')).toBe('fr-FR');
    expect(resolveLocale('auto', 'fr-CA')).toBe('fr-CA');
    expect(resolveLocale(null, undefined)).toBe('en-US');
    expect(resolveLocale(null, '*')).toBe('en-US');
    expect(resolveLocale(null, 'not a language!!, x-;q=1')).toBe('en-US');
    expect(resolveLocale('it', 'de-DE')).toBe('it');
  });

  it('writes the checkout total in the browser locale: $30.00 in en-US, 30,00 $ in de-DE', async () => {
    const session = await checkoutSession(h.stripe, catalog.pro);
    if (!session.url) throw new Error('no url');
    expect(await page(session.url)).toContain('$30.00');
    expect(await page(session.url, 'en-US,en;q=0.9')).toContain('$30.00');
    expect(await page(session.url, 'de-DE,de;q=0.9')).toContain('30,00');
  });

  it('portal: the renewal date and the card as the app writes them ("Dec 23, 2026", "Visa •••• 4242 · expires 12/40")', async () => {
    const s = await checkoutSession(h.stripe, catalog.basic);
    await h.emulator.checkout.complete(s.id, CARD_OK);
    const done = await h.stripe.checkout.sessions.retrieve(s.id);
    const subscription = await h.stripe.subscriptions.retrieve(idOf(done.subscription));
    const end = subscription.items.data[0]?.current_period_end ?? 0;
    const portal = await h.stripe.billingPortal.sessions.create({ customer: idOf(done.customer) });
    const html = await page(portal.url, 'en-US');
    const appDate = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(end * 1000));
    expect(html).toContain(`Renews on ${appDate}`);
    expect(html).toContain('Visa •••• 4242 · expires 12/40');
    // The invoice history names statuses as the app's invoice table does.
    expect(html).toContain('<td>Paid</td>');
    const german = await page(portal.url, 'de-DE');
    expect(german).toContain(`Renews on ${new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(end * 1000))}`);
  });

  it("follows the locale the session was created with over the browser's, for checkout and the portal", async () => {
    const session = await checkoutSession(h.stripe, catalog.pro, { locale: 'fr' });
    expect(session.locale).toBe('fr');
    if (!session.url) throw new Error('no url');
    const french = new Intl.NumberFormat('fr', { style: 'currency', currency: 'usd' }).format(30);
    expect(await page(session.url, 'en-US')).toContain(french);
    await h.emulator.checkout.complete(session.id, CARD_OK);
    const done = await h.stripe.checkout.sessions.retrieve(session.id);
    const subscription = await h.stripe.subscriptions.retrieve(idOf(done.subscription));
    const end = subscription.items.data[0]?.current_period_end ?? 0;
    const portal = await h.stripe.billingPortal.sessions.create({ customer: idOf(done.customer), locale: 'fr' });
    expect(portal.locale).toBe('fr');
    const frenchDate = new Intl.DateTimeFormat('fr', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(end * 1000));
    expect(await page(portal.url, 'en-US')).toContain(frenchDate);
    await expect(h.stripe.checkout.sessions.create({ mode: 'subscription', locale: 'xx-nope' })).rejects.toMatchObject({ statusCode: 400, param: 'locale' });
  });

  it('names card brands as the app does', () => {
    expect(formatCard({ brand: 'amex', last4: '0005', exp_month: 3, exp_year: 2031 })).toBe('American Express •••• 0005 · expires 03/31');
    expect(formatCard({ brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034 })).toBe('Visa •••• 4242 · expires 12/34');
  });
});

describe('favicon', () => {
  it('every page links an inline icon, and /favicon.ico answers with it', async () => {
    const session = await checkoutSession(h.stripe, catalog.pro);
    if (!session.url) throw new Error('no url');
    expect(await page(session.url)).toContain('<link rel="icon" type="image/svg+xml" href="data:image/svg+xml,');
    const icon = await fetch(`${h.emulator.url}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(await icon.text()).toMatch(/^<svg /);
  });
});
