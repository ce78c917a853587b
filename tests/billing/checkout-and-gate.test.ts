import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { billingCustomers, entitlementSummaries, subscriptions } from '@/db/schema';
import { confirmCheckoutReturn, startCheckout } from '@/lib/billing/checkout';
import { getActiveFeatures } from '@/lib/entitlements/features';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { CARD_OK, TEST_ORIGIN, checkoutSessionIdFrom, createTestUser, subscribe, testStripe } from '../support/billing-harness';

const { emulator } = await vi.hoisted(() => import('../support/billing-harness').then((m) => m.startBillingEmulator()));

beforeAll(async () => {
  await setupCatalog(await testStripe());
  return () => emulator.stop();
});

describe('Basic checkout', () => {
  it('ends in a subscription row and the basic_features entitlement, and nothing more', async () => {
    const userId = await createTestUser('basic@example.com');
    const { outcome } = await subscribe(emulator, userId, 'basic');
    expect(outcome.status).toBe('complete');

    const [sub] = await getDb().select().from(subscriptions).where(eq(subscriptions.userId, userId));
    expect(sub).toMatchObject({ status: 'active', priceLookupKey: 'basic_monthly', unitAmount: 500, currency: 'usd' });
    expect(sub).toMatchObject({ paymentMethodBrand: 'visa', paymentMethodLast4: '4242', cancelAtPeriodEnd: false });
    expect(sub?.currentPeriodEnd?.getTime()).toBeGreaterThan(Date.now());
    expect(await getActiveFeatures(userId)).toEqual(['basic_features']);
  });

  it('gives access on the return page even before any webhook arrives', async () => {
    const userId = await createTestUser('early@example.com');
    emulator.webhooks.pause();
    try {
      const started = await startCheckout(userId, 'premium', TEST_ORIGIN);
      if (started.kind !== 'redirect') throw new Error('expected hosted checkout');
      const sessionId = checkoutSessionIdFrom(started.url);
      await emulator.checkout.complete(sessionId, CARD_OK);
      expect(await getActiveFeatures(userId)).toEqual([]);
      const result = await confirmCheckoutReturn(userId, sessionId);
      expect(result.status).toBe('complete');
      expect(await getActiveFeatures(userId)).toEqual(['basic_features', 'extended_features']);
    } finally {
      emulator.webhooks.resume();
      await emulator.webhooks.flush();
    }
  });

  it('grants nothing from a return URL whose session was never paid', async () => {
    const userId = await createTestUser('unpaid@example.com');
    const started = await startCheckout(userId, 'premium', TEST_ORIGIN);
    if (started.kind !== 'redirect') throw new Error('expected hosted checkout');
    expect(await confirmCheckoutReturn(userId, checkoutSessionIdFrom(started.url))).toEqual({ status: 'open' });
    expect(await getActiveFeatures(userId)).toEqual([]);
  });

  it('sends a subscriber to change plan instead of opening a second checkout', async () => {
    const userId = await createTestUser('twice@example.com');
    await subscribe(emulator, userId, 'basic');
    expect(await startCheckout(userId, 'premium', TEST_ORIGIN)).toEqual({ kind: 'change-plan', url: '/billing?change=premium' });
    const customer = await getDb().query.billingCustomers.findFirst({ where: eq(billingCustomers.userId, userId) });
    const list = await (await testStripe()).subscriptions.list({ customer: customer?.stripeCustomerId, status: 'all' });
    expect(list.data).toHaveLength(1);
  });

  it('declines 4000 0000 0000 9995 and grants nothing', async () => {
    const userId = await createTestUser('declined@example.com');
    const { outcome } = await subscribe(emulator, userId, 'premium', { type: 'card', number: '4000000000009995' });
    expect(outcome.status).toBe('failed');
    expect(await getActiveFeatures(userId)).toEqual([]);
    expect(await getDb().select().from(subscriptions).where(eq(subscriptions.userId, userId))).toHaveLength(0);
    const summaries = await getDb().select().from(entitlementSummaries).where(eq(entitlementSummaries.userId, userId));
    expect(summaries.flatMap((s) => s.features)).toEqual([]);
  });
});

describe('checkout started twice', () => {
  it('leaves only the newest session payable, so two tabs cannot buy two subscriptions', async () => {
    const userId = await createTestUser('two-tabs@example.com');
    const first = await startCheckout(userId, 'basic', TEST_ORIGIN);
    const second = await startCheckout(userId, 'premium', TEST_ORIGIN);
    if (first.kind !== 'redirect' || second.kind !== 'redirect') throw new Error('expected hosted checkouts');
    const stripe = await testStripe();
    expect((await stripe.checkout.sessions.retrieve(checkoutSessionIdFrom(first.url))).status).toBe('expired');
    const paidFirst = await emulator.checkout.complete(checkoutSessionIdFrom(first.url), CARD_OK);
    expect(paidFirst.status).not.toBe('complete');
    expect((await emulator.checkout.complete(checkoutSessionIdFrom(second.url), CARD_OK)).status).toBe('complete');
    await emulator.webhooks.waitForIdle();
    expect(await getDb().select().from(subscriptions).where(eq(subscriptions.userId, userId))).toHaveLength(1);
  });
});

describe('customer portal', () => {
  it('opens a session for the user’s own customer, offering the switch between both plans', async () => {
    const userId = await createTestUser('portal@example.com');
    await subscribe(emulator, userId, 'basic');
    const { createPortalSession } = await import('@/lib/billing/portal');
    const url = await createPortalSession(userId, `${TEST_ORIGIN}/billing`);
    expect(url.startsWith(emulator.url)).toBe(true);

    const stripe = await testStripe();
    const [configuration] = (await stripe.billingPortal.configurations.list({ limit: 10 })).data;
    const offered = configuration?.features.subscription_update.products?.flatMap((p) => p.prices) ?? [];
    const prices = await stripe.prices.list({ lookup_keys: ['basic_monthly', 'premium_monthly'] });
    expect(offered.sort()).toEqual(prices.data.map((p) => p.id).sort());
    // A second visit reuses the configuration instead of making another.
    await createPortalSession(userId, `${TEST_ORIGIN}/billing`);
    expect((await stripe.billingPortal.configurations.list({ limit: 10 })).data).toHaveLength(1);

    // Deactivated in the Dashboard: the next visit still opens, on a new configuration.
    await stripe.billingPortal.configurations.update(configuration?.id ?? '', { active: false });
    const again = await createPortalSession(userId, `${TEST_ORIGIN}/billing`);
    expect(again.startsWith(emulator.url)).toBe(true);
    expect((await stripe.billingPortal.configurations.list({ active: true, limit: 10 })).data).toHaveLength(1);
    await emulator.webhooks.waitForIdle();
  });
});
