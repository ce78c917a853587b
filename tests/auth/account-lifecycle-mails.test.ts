import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getPricedPlan } from '@/lib/billing/catalog';
import { ensureStripeCustomer } from '@/lib/billing/customers';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { resyncStripeCustomer, syncStripeCustomer } from '@/lib/billing/sync/sync-customer';
import { createTestUser, subscribe, testStripe } from '../support/billing-harness';
import { allMail } from '../support/mailbox';

const { emulator } = await vi.hoisted(() => import('../support/billing-harness').then((m) => m.startBillingEmulator()));

beforeAll(async () => {
  await setupCatalog(await testStripe());
  return async () => {
    await emulator.webhooks.waitForIdle();
    await emulator.stop();
  };
});

/** Every way a customer's sync can run at once: coalesced syncs and full re-reads, in parallel. */
async function syncEverywhere(customerId: string): Promise<void> {
  await Promise.all([
    ...Array.from({ length: 3 }, () => syncStripeCustomer(customerId)),
    ...Array.from({ length: 3 }, () => resyncStripeCustomer(customerId)),
  ]);
}

async function cancelNow(customerId: string): Promise<void> {
  const stripe = await testStripe();
  for (const sub of (await stripe.subscriptions.list({ customer: customerId })).data) await stripe.subscriptions.cancel(sub.id);
  await emulator.webhooks.waitForIdle();
}

describe('lifecycle mails (welcome, access ended): each once, whatever the webhooks do', () => {
  it('with every webhook duplicated and shuffled, and syncs racing, one welcome and one access-ended notice', async () => {
    const email = 'lifecycle@example.com';
    const userId = await createTestUser(email);
    const customerId = await ensureStripeCustomer(userId);
    emulator.webhooks.setDuplicate(true);
    emulator.webhooks.setShuffle(true);
    try {
      await subscribe(emulator, userId, 'basic');
      await syncEverywhere(customerId);
      expect(await allMail(email, 'welcome')).toHaveLength(1);
      expect(await allMail(email, 'access-ended')).toHaveLength(0);

      await cancelNow(customerId);
      await syncEverywhere(customerId);
      expect(await allMail(email, 'access-ended')).toHaveLength(1);

      // Subscribing again is not a first payment: no second welcome. Its end is a second notice.
      await subscribe(emulator, userId, 'premium');
      await syncEverywhere(customerId);
      expect(await allMail(email, 'welcome')).toHaveLength(1);
      await cancelNow(customerId);
      await syncEverywhere(customerId);
      expect(await allMail(email, 'access-ended')).toHaveLength(2);
    } finally {
      emulator.webhooks.setDuplicate(false);
      emulator.webhooks.setShuffle(false);
    }
    const [welcome] = await allMail(email, 'welcome');
    expect(welcome?.links).toContain('http://localhost:3000/dashboard');
    expect(welcome?.text).not.toMatch(/receipt attached|invoice total/i);
  });

  it('a duplicate subscription the sync canceled beside the real one adds no second notice when access ends', async () => {
    const email = 'lifecycle-duplicate@example.com';
    const userId = await createTestUser(email);
    const customerId = await ensureStripeCustomer(userId);
    await subscribe(emulator, userId, 'basic');
    const stripe = await testStripe();
    const [first] = (await stripe.subscriptions.list({ customer: customerId })).data;
    const premium = await getPricedPlan('premium');
    if (!first || !premium) throw new Error('no subscription or price');
    // Made behind the app's back (the Dashboard, a direct API call): the sync cancels and refunds it.
    const paymentMethod = first.default_payment_method;
    await stripe.subscriptions.create({
      customer: customerId,
      items: [{ price: premium.priceId }],
      default_payment_method: typeof paymentMethod === 'string' ? paymentMethod : paymentMethod?.id,
    });
    await emulator.webhooks.waitForIdle();
    await syncEverywhere(customerId);
    const statuses = (await stripe.subscriptions.list({ customer: customerId, status: 'all' })).data.map((sub) => sub.status).sort();
    expect(statuses).toEqual(['active', 'canceled']);
    expect(await allMail(email, 'access-ended')).toHaveLength(0);

    await cancelNow(customerId);
    await syncEverywhere(customerId);
    expect(await allMail(email, 'access-ended')).toHaveLength(1);
  });

  it('a user who never had access hears nothing: an abandoned checkout and syncs send no mail', async () => {
    const email = 'never-paid@example.com';
    const userId = await createTestUser(email);
    const customerId = await ensureStripeCustomer(userId);
    await syncEverywhere(customerId);
    expect(await allMail(email)).toHaveLength(0);
  });
});
