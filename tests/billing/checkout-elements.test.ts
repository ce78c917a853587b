import { beforeAll, describe, expect, it, vi } from 'vitest';
import { startCheckout as startCheckoutAction } from '@/lib/billing/actions/start-checkout';
import { startCheckout } from '@/lib/billing/checkout';
import { ensureStripeCustomer } from '@/lib/billing/customers';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { passwordlessUser } from '../support/auth-client';
import { TEST_ORIGIN, checkoutSessionIdFrom, createTestUser, testStripe } from '../support/billing-harness';
import { inRequest } from '../support/request-scope';

const { emulator } = await vi.hoisted(async () => {
  // lib/env.ts reads the environment once, when first imported: set it before anything loads it.
  process.env.CHECKOUT_UI = 'elements';
  return import('../support/billing-harness').then((m) => m.startBillingEmulator());
});

beforeAll(async () => {
  await setupCatalog(await testStripe());
  return () => emulator.stop();
});

describe('checkout on our own page (CHECKOUT_UI=elements)', () => {
  it('hands every one of several clicks the same session to pay', async () => {
    const userId = await createTestUser('elements-clicks@example.com');
    const customer = await ensureStripeCustomer(userId);
    const started = await Promise.all([1, 2, 3, 4].map(() => startCheckout(userId, 'premium', TEST_ORIGIN)));
    const sessions = new Set(started.map((s) => (s.kind === 'elements' ? `${s.sessionId} ${s.clientSecret}` : s.kind)));
    expect(sessions.size).toBe(1);
    expect([...sessions][0]).toMatch(/^cs_\S+ \S+_secret_\S+$/);
    const open = await (await testStripe()).checkout.sessions.list({ customer, status: 'open' });
    expect(open.data.map((s) => s.ui_mode)).toEqual(['elements']);
  });

  it('makes the session in the language of the request, as the page around the Payment Element is', async () => {
    const { cookie } = await passwordlessUser('elements-fr@example.com');
    const plan = new FormData();
    plan.set('plan', 'basic');
    const started = await inRequest(cookie, () => startCheckoutAction({}, plan), { path: '/pricing', headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
    expect(started.redirectTo).toMatch(/^\/checkout\/pay\?session_id=cs_/);
    const session = await (await testStripe()).checkout.sessions.retrieve(checkoutSessionIdFrom(started.redirectTo ?? ''));
    expect(session).toMatchObject({ ui_mode: 'elements', locale: 'fr' });
  });
});
