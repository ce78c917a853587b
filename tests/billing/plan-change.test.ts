import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { subscriptions } from '@/db/schema';
import { cancelAtPeriodEnd, resumeSubscription } from '@/lib/billing/cancellation';
import { getActiveFeatures } from '@/lib/billing/features';
import { changePlan, previewPlanChange } from '@/lib/billing/plan-change';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { createTestUser, subscribe, testStripe } from '../support/billing-harness';

const { emulator } = await vi.hoisted(() => import('../support/billing-harness').then((m) => m.startBillingEmulator()));
const DAY = 86_400;

beforeAll(async () => {
  await setupCatalog(await testStripe());
  return () => emulator.stop();
});

async function row(userId: string) {
  const [sub] = await getDb().select().from(subscriptions).where(eq(subscriptions.userId, userId));
  if (!sub) throw new Error('no subscription row');
  return sub;
}

describe('plan change', () => {
  it('previews the upgrade, then charges exactly the previewed amount and grants Premium', async () => {
    const userId = await createTestUser('upgrade@example.com');
    await subscribe(emulator, userId, 'basic');
    await emulator.clock.advance(10 * DAY);

    const preview = await previewPlanChange(userId, 'premium');
    expect(preview.amountDueNow).toBeGreaterThan(0);
    expect(preview.amountDueNow).toBeLessThan(1000);
    expect(preview.nextAmount).toBe(1500);

    await changePlan(userId, 'premium', preview.prorationDate);
    await emulator.webhooks.waitForIdle();

    const sub = await row(userId);
    expect(sub.priceLookupKey).toBe('premium_monthly');
    const invoice = await (await testStripe()).invoices.list({ subscription: sub.id, limit: 1 });
    expect(invoice.data[0]?.amount_paid).toBe(preview.amountDueNow);
    expect(await getActiveFeatures(userId)).toEqual(['basic_features', 'extended_features']);
  });

  it('downgrades back to Basic with a credit and loses extended_features', async () => {
    const userId = await createTestUser('downgrade@example.com');
    await subscribe(emulator, userId, 'premium');
    const preview = await previewPlanChange(userId, 'basic');
    expect(preview.prorationAmount).toBeLessThan(0);
    await changePlan(userId, 'basic', preview.prorationDate);
    await emulator.webhooks.waitForIdle();
    expect((await row(userId)).priceLookupKey).toBe('basic_monthly');
    expect(await getActiveFeatures(userId)).toEqual(['basic_features']);
  });

  it('refuses a change to the plan the user already has', async () => {
    const userId = await createTestUser('same@example.com');
    await subscribe(emulator, userId, 'basic');
    await expect(previewPlanChange(userId, 'basic')).rejects.toThrow(/already on Basic/);
  });
});

describe('cancel and resume', () => {
  it('keeps access until the period ends, then ends it when Stripe does', async () => {
    const userId = await createTestUser('cancel@example.com');
    await subscribe(emulator, userId, 'premium');
    await cancelAtPeriodEnd(userId);
    await emulator.webhooks.waitForIdle();

    const pending = await row(userId);
    expect(pending.cancelAtPeriodEnd).toBe(true);
    expect(pending.status).toBe('active');
    expect(await getActiveFeatures(userId)).toEqual(['basic_features', 'extended_features']);

    const periodEnd = Math.floor((pending.currentPeriodEnd?.getTime() ?? 0) / 1000);
    await emulator.clock.advance(periodEnd - emulator.clock.now() + 60);
    await emulator.webhooks.waitForIdle();

    expect((await row(userId)).status).toBe('canceled');
    expect(await getActiveFeatures(userId)).toEqual([]);
  });

  it('resumes a pending cancellation, so the subscription renews', async () => {
    const userId = await createTestUser('resume@example.com');
    await subscribe(emulator, userId, 'basic');
    await cancelAtPeriodEnd(userId);
    await resumeSubscription(userId);
    await emulator.webhooks.waitForIdle();
    const sub = await row(userId);
    expect(sub.cancelAtPeriodEnd).toBe(false);

    const periodEnd = Math.floor((sub.currentPeriodEnd?.getTime() ?? 0) / 1000);
    await emulator.clock.advance(periodEnd - emulator.clock.now() + 60);
    await emulator.webhooks.waitForIdle();
    expect((await row(userId)).status).toBe('active');
    expect(await getActiveFeatures(userId)).toEqual(['basic_features']);
  });
});

describe('failed renewal', () => {
  it('shows past_due when the renewal charge fails', async () => {
    const userId = await createTestUser('pastdue@example.com');
    await subscribe(emulator, userId, 'basic');
    const sub = await row(userId);
    const stripe = await testStripe();
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: sub.stripeCustomerId });
    await stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });

    const periodEnd = Math.floor((sub.currentPeriodEnd?.getTime() ?? 0) / 1000);
    await emulator.clock.advance(periodEnd - emulator.clock.now() + 60);
    await emulator.webhooks.waitForIdle();

    const after = await row(userId);
    expect(after.status).toBe('past_due');
    expect(after.paymentMethodLast4).toBe('0341');
  });
});

describe('payment method shown', () => {
  it("falls back to the customer's default when the subscription has none of its own", async () => {
    const userId = await createTestUser('customer-default@example.com');
    await subscribe(emulator, userId, 'basic');
    const sub = await row(userId);
    const stripe = await testStripe();
    const mastercard = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: sub.stripeCustomerId });
    await stripe.customers.update(sub.stripeCustomerId, { invoice_settings: { default_payment_method: mastercard.id } });
    await stripe.subscriptions.update(sub.id, { default_payment_method: '' });
    await emulator.webhooks.waitForIdle();

    expect(await row(userId)).toMatchObject({ paymentMethodBrand: 'mastercard', paymentMethodLast4: '4444' });
  });
});
