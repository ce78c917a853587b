import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { subscriptions } from '@/db/schema';
import { cancelAtPeriodEnd, resumeSubscription } from '@/lib/billing/cancellation';
import { confirmCheckoutReturn } from '@/lib/billing/checkout';
import { ensureStripeCustomer } from '@/lib/billing/customers';
import { getActiveFeatures } from '@/lib/entitlements/features';
import { changePlan, previewPlanChange } from '@/lib/billing/plan-change';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { BillingError } from '@/lib/billing/subscriptions';
import { createTestUser, subscribe, testStripe } from '../support/billing-harness';

const { emulator } = await vi.hoisted(() => import('../support/billing-harness').then((m) => m.startBillingEmulator()));

beforeAll(async () => {
  await setupCatalog(await testStripe());
  return () => emulator.stop();
});

describe('ownership', () => {
  it('no operation reaches another user’s subscription', async () => {
    const owner = await createTestUser('owner@example.com');
    const intruder = await createTestUser('intruder@example.com');
    const { sessionId } = await subscribe(emulator, owner, 'basic');
    await ensureStripeCustomer(intruder);
    const [before] = await getDb().select().from(subscriptions).where(eq(subscriptions.userId, owner));

    await expect(cancelAtPeriodEnd(intruder)).rejects.toThrow(/no active subscription/);
    await expect(resumeSubscription(intruder)).rejects.toThrow(/no active subscription/);
    await expect(previewPlanChange(intruder, 'premium')).rejects.toThrow(/no active subscription/);
    // The owner's own preview id, presented by the intruder, changes nothing (the checks below).
    const ownersPreview = await previewPlanChange(owner, 'premium');
    await expect(changePlan(intruder, 'premium', ownersPreview.previewId)).rejects.toThrow(BillingError);
    // The owner's paid session, presented on the intruder's return page, grants the intruder nothing.
    await expect(confirmCheckoutReturn(intruder, sessionId)).rejects.toThrow(/does not exist/);
    expect(await getActiveFeatures(intruder)).toEqual([]);

    const remote = await (await testStripe()).subscriptions.retrieve(before?.id ?? '');
    expect(remote.cancel_at_period_end).toBe(false);
    expect(remote.items.data[0]?.price.lookup_key).toBe('basic_monthly');
  });

  it('refuses a row that claims a subscription Stripe says belongs to someone else', async () => {
    const owner = await createTestUser('real-owner@example.com');
    const forger = await createTestUser('forger@example.com');
    await subscribe(emulator, owner, 'premium');
    await ensureStripeCustomer(forger);
    const [stolen] = await getDb().select().from(subscriptions).where(eq(subscriptions.userId, owner));
    if (!stolen) throw new Error('no subscription');
    // Even a corrupted local row does not let the forger act: Stripe's own customer id is checked.
    await getDb().update(subscriptions).set({ userId: forger }).where(eq(subscriptions.id, stolen.id));
    await expect(cancelAtPeriodEnd(forger)).rejects.toThrow(/no active subscription/);
  });
});

describe('one Stripe customer per user', () => {
  it('two concurrent first checkouts make one customer', async () => {
    const userId = await createTestUser('concurrent@example.com');
    const ids = await Promise.all([ensureStripeCustomer(userId), ensureStripeCustomer(userId), ensureStripeCustomer(userId)]);
    expect(new Set(ids).size).toBe(1);
    const customers = await (await testStripe()).customers.list({ email: 'concurrent@example.com' });
    expect(customers.data).toHaveLength(1);
  });
});
