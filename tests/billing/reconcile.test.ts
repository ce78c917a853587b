import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { billingCustomers, entitlementSummaries, invoices, subscriptions, users } from '@/db/schema';
import { ensureStripeCustomer } from '@/lib/billing/customers';
import { getActiveFeatures } from '@/lib/entitlements/features';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { importStripeCustomers } from '@/lib/billing/sync/import-customers';
import { reconcileStripeCustomers } from '@/lib/billing/sync/reconcile';
import { createTestUser, subscribe, testStripe } from '../support/billing-harness';

const { emulator } = await vi.hoisted(() => import('../support/billing-harness').then((m) => m.startBillingEmulator()));
const DAY = 86_400;

beforeAll(async () => {
  await setupCatalog(await testStripe());
  return () => emulator.stop();
});

async function premiumSubscriber(email: string) {
  const userId = await createTestUser(email);
  await subscribe(emulator, userId, 'premium');
  const customer = await ensureStripeCustomer(userId);
  const stripe = await testStripe();
  const [sub] = (await stripe.subscriptions.list({ customer })).data;
  if (!sub) throw new Error('no subscription');
  expect(await getActiveFeatures(userId)).toContain('extended_features');
  return { userId, customer, sub, stripe };
}

async function rowOf(subscriptionId: string) {
  const [row] = await getDb().select().from(subscriptions).where(eq(subscriptions.id, subscriptionId));
  return row;
}

/** Stripe changes while no webhook arrives: deliveries are held back, and come late afterwards (as Stripe's retries would). */
async function withWebhooksLost(work: () => Promise<void>) {
  emulator.webhooks.pause();
  try {
    await work();
  } finally {
    emulator.webhooks.resume();
  }
}

describe('reconciliation with every webhook lost', () => {
  it('leaves alone a customer synced moments ago with nothing due', async () => {
    const { customer } = await premiumSubscriber('reconcile-fresh@example.com');
    const before = await getDb().select({ syncedAt: billingCustomers.syncedAt }).from(billingCustomers).where(eq(billingCustomers.stripeCustomerId, customer));
    const result = await reconcileStripeCustomers();
    expect(result).toEqual({ checked: 0, synced: 0, failed: 0 });
    const after = await getDb().select({ syncedAt: billingCustomers.syncedAt }).from(billingCustomers).where(eq(billingCustomers.stripeCustomerId, customer));
    expect(after).toEqual(before);
  });

  it('ends access when a subscription canceled at period end has ended in Stripe', async () => {
    const { userId, sub, stripe } = await premiumSubscriber('reconcile-period-end@example.com');
    await withWebhooksLost(async () => {
      await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
      await emulator.clock.advance(32 * DAY);
      expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('canceled');
      // Nothing told the app: the gate is still open.
      expect(await getActiveFeatures(userId)).toContain('extended_features');
      expect((await rowOf(sub.id))?.status).toBe('active');

      const result = await reconcileStripeCustomers();
      expect(result.failed).toBe(0);
      expect(result.synced).toBeGreaterThanOrEqual(1);
      expect(await getActiveFeatures(userId)).toEqual([]);
      expect((await rowOf(sub.id))?.status).toBe('canceled');
    });
    // The lost events arriving after all (Stripe retries for days) do not reopen it.
    await emulator.webhooks.waitForIdle();
    expect(await getActiveFeatures(userId)).toEqual([]);
  });

  it('ends access canceled at once in the Dashboard once the customer has gone a day unread', async () => {
    const { userId, customer, sub, stripe } = await premiumSubscriber('reconcile-dashboard@example.com');
    await withWebhooksLost(async () => {
      await stripe.subscriptions.cancel(sub.id);
      expect(await reconcileStripeCustomers()).toMatchObject({ checked: 0 });
      expect(await getActiveFeatures(userId)).toContain('extended_features');
      // A day passes.
      await getDb()
        .update(billingCustomers)
        .set({ syncedAt: sql`now() - interval '25 hours'` })
        .where(eq(billingCustomers.stripeCustomerId, customer));
      const result = await reconcileStripeCustomers();
      expect(result).toMatchObject({ synced: 1, failed: 0 });
      expect(await getActiveFeatures(userId)).toEqual([]);
      expect((await rowOf(sub.id))?.status).toBe('canceled');
    });
    await emulator.webhooks.waitForIdle();
    expect(await getActiveFeatures(userId)).toEqual([]);
  });

  it('brings the invoices Stripe has into the billing page’s table', async () => {
    const { userId, customer, stripe } = await premiumSubscriber('reconcile-invoices@example.com');
    await getDb().delete(invoices).where(eq(invoices.userId, userId));
    await getDb().update(billingCustomers).set({ syncedAt: null }).where(eq(billingCustomers.stripeCustomerId, customer));
    await withWebhooksLost(async () => {
      await reconcileStripeCustomers();
    });
    const stored = await getDb().select().from(invoices).where(eq(invoices.userId, userId));
    const remote = (await stripe.invoices.list({ customer })).data;
    expect(stored.map((row) => row.id).sort()).toEqual(remote.flatMap((invoice) => invoice.id ?? []).sort());
  });
});

describe('npm run stripe:resync --import', () => {
  it('links Stripe customers through metadata.userId only, never by email, then syncs them', async () => {
    const stripe = await testStripe();
    // Users as a restored database has them: no billing_customer rows.
    const [owner] = await getDb().insert(users).values({ email: 'import-owner@example.com' }).returning({ id: users.id });
    const [victim] = await getDb().insert(users).values({ email: 'import-victim@example.com' }).returning({ id: users.id });
    if (!owner || !victim) throw new Error('setup failed');
    const owned = await stripe.customers.create({ email: 'someone-else@example.com', metadata: { userId: owner.id } });
    // Someone's Stripe customer bearing another user's email address: must not become theirs.
    const byEmail = await stripe.customers.create({ email: 'import-victim@example.com' });
    const unknown = await stripe.customers.create({ metadata: { userId: 'no-such-user' } });

    const imported = await importStripeCustomers();
    expect(imported.linked).toBe(1);
    const links = await getDb().select().from(billingCustomers);
    const linkOf = (customerId: string) => links.find((row) => row.stripeCustomerId === customerId)?.userId;
    expect(linkOf(owned.id)).toBe(owner.id);
    expect(linkOf(byEmail.id)).toBeUndefined();
    expect(linkOf(unknown.id)).toBeUndefined();
    expect(links.some((row) => row.userId === victim.id)).toBe(false);

    // Importing again changes nothing.
    expect((await importStripeCustomers()).linked).toBe(0);

    const resynced = await reconcileStripeCustomers({ all: true });
    expect(resynced.failed).toBe(0);
    expect(resynced.checked).toBe(links.length);
    const summary = await getDb().select().from(entitlementSummaries).where(eq(entitlementSummaries.stripeCustomerId, owned.id));
    expect(summary).toMatchObject([{ userId: owner.id, features: [] }]);
  });
});
