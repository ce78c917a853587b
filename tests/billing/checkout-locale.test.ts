import { beforeAll, describe, expect, it, vi } from 'vitest';
import { openBillingPortal } from '@/lib/billing/actions/open-billing-portal';
import { startCheckout } from '@/lib/billing/actions/start-checkout';
import { findStripeCustomerId } from '@/lib/billing/customers';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { formatDate } from '@/lib/format';
import { passwordlessUser } from '../support/auth-client';
import { checkoutSessionIdFrom, subscribe, testStripe } from '../support/billing-harness';
import { inRequest } from '../support/request-scope';

const { emulator } = await vi.hoisted(() => import('../support/billing-harness').then((m) => m.startBillingEmulator()));

beforeAll(async () => {
  await setupCatalog(await testStripe());
  return () => emulator.stop();
});

const FRENCH = { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' };
const ENGLISH = { 'accept-language': 'en-US,en;q=0.9' };

function planForm(plan: string): FormData {
  const data = new FormData();
  data.set('plan', plan);
  return data;
}

/** The Checkout Session the checkout action sent this browser to, as Stripe has it. */
async function checkoutStartedIn(cookie: string, headers: Record<string, string>) {
  const started = await inRequest(cookie, () => startCheckout({}, planForm('premium')), { path: '/pricing', headers });
  if (!started.redirectTo) throw new Error(`no checkout: ${started.result?.error ?? 'no redirect'}`);
  return (await testStripe()).checkout.sessions.retrieve(checkoutSessionIdFrom(started.redirectTo));
}

describe('Checkout and the portal speak the language of the request that opened them', () => {
  it('a checkout started in a French request is a French Checkout Session; in an English one, English', async () => {
    const french = await passwordlessUser('checkout-fr@example.com');
    expect((await checkoutStartedIn(french.cookie, FRENCH)).locale).toBe('fr');

    const english = await passwordlessUser('checkout-en@example.com');
    expect((await checkoutStartedIn(english.cookie, ENGLISH)).locale).toBe('en');
  });

  it('a second click after switching the language gets a new session in the new language, not the open one', async () => {
    const { cookie } = await passwordlessUser('checkout-switch@example.com');
    const first = await checkoutStartedIn(cookie, ENGLISH);
    const second = await checkoutStartedIn(cookie, FRENCH);
    expect(second.id).not.toBe(first.id);
    expect(second.locale).toBe('fr');
    // Only the newest can still be paid.
    expect((await (await testStripe()).checkout.sessions.retrieve(first.id)).status).toBe('expired');
  });

  it('the billing portal opened from a French request is a French portal session, whose page writes French dates', async () => {
    const { userId, cookie } = await passwordlessUser('portal-fr@example.com');
    await subscribe(emulator, userId, 'basic');
    // Stripe has no API to read a portal session back: what it answered to the create is the record.
    let answered: unknown[] = [];
    const create = vi.spyOn((await testStripe()).billingPortal.sessions, 'create');
    const opened = await inRequest(cookie, () => openBillingPortal({}, new FormData()), { path: '/billing', headers: FRENCH }).finally(() => {
      answered = create.mock.results.map((result) => result.value);
      create.mockRestore();
    });
    expect(opened.redirectTo?.startsWith(emulator.url)).toBe(true);
    expect(await Promise.all(answered)).toMatchObject([{ locale: 'fr', url: opened.redirectTo }]);

    // Its page follows the session's language over the browser's, writing dates as the app does in French.
    const customer = (await findStripeCustomerId(userId)) ?? '';
    const [subscription] = (await (await testStripe()).subscriptions.list({ customer, limit: 1 })).data;
    const renewal = subscription?.items.data[0]?.current_period_end ?? 0;
    const page = await fetch(opened.redirectTo ?? '', { headers: ENGLISH });
    expect(await page.text()).toContain(formatDate(renewal, 'fr'));
  });
});
