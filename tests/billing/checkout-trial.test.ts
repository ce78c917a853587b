import { beforeAll, describe, expect, it, vi } from 'vitest';
import { findStripeCustomerId } from '@/lib/billing/customers';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { createTestUser, subscribe, testStripe } from '../support/billing-harness';

const { emulator } = await vi.hoisted(async () => {
  // lib/env.ts reads the environment once, when first imported: set it before anything loads it.
  process.env.CHECKOUT_TRIAL_DAYS = '14';
  return import('../support/billing-harness').then((m) => m.startBillingEmulator());
});

beforeAll(async () => {
  await setupCatalog(await testStripe());
  return () => emulator.stop();
});

async function subscriptionsOf(userId: string) {
  const customer = (await findStripeCustomerId(userId)) ?? '';
  return (await (await testStripe()).subscriptions.list({ customer, status: 'all', limit: 100 })).data;
}

describe('free trial', () => {
  it('comes with a user’s first subscription only, not with the next one after it ended', async () => {
    const userId = await createTestUser('trial-once@example.com');
    await subscribe(emulator, userId, 'premium');
    const [first] = await subscriptionsOf(userId);
    expect(first?.status).toBe('trialing');
    expect(first?.trial_end).toBeGreaterThan(first?.created ?? Infinity);

    // Canceled during the trial, then back for another one.
    await (await testStripe()).subscriptions.cancel(first?.id ?? '');
    await emulator.webhooks.waitForIdle();
    await subscribe(emulator, userId, 'premium');

    const [second, ended] = await subscriptionsOf(userId);
    expect(ended?.id).toBe(first?.id);
    expect(ended?.status).toBe('canceled');
    expect(second).toMatchObject({ status: 'active', trial_end: null, trial_start: null });
    const paid = await (await testStripe()).invoices.list({ subscription: second?.id, status: 'paid' });
    expect(paid.data.map((invoice) => invoice.amount_paid)).toEqual([1500]);
  });

  it('is still given to each new user', async () => {
    const [a, b] = await Promise.all([createTestUser('trial-a@example.com'), createTestUser('trial-b@example.com')]);
    await subscribe(emulator, a, 'basic');
    await subscribe(emulator, b, 'basic');
    expect((await subscriptionsOf(a)).map((s) => s.status)).toEqual(['trialing']);
    expect((await subscriptionsOf(b)).map((s) => s.status)).toEqual(['trialing']);
  });
});
