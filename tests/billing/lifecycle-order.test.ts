import { asc, eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { entitlementSummaries, invoices, subscriptions } from '@/db/schema';
import { ensureStripeCustomer } from '@/lib/billing/customers';
import { getActiveFeatures } from '@/lib/entitlements/features';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { fetchStripeState, takeTicket, writeIfNewest } from '@/lib/billing/sync/sync-customer';
import { createTestUser, subscribe, testStripe } from '../support/billing-harness';

const { emulator } = await vi.hoisted(() => import('../support/billing-harness').then((m) => m.startBillingEmulator()));
const DAY = 86_400;

beforeAll(async () => {
  await setupCatalog(await testStripe());
  return () => emulator.stop();
});

/**
 * Checkout for Basic, then (as if in the customer portal, so only webhooks tell the app) an
 * upgrade to Premium, a renewal a month later, and a cancellation at period end.
 */
async function lifecycle(userId: string, waitForWebhooks: boolean) {
  await subscribe(emulator, userId, 'basic', undefined, { waitForWebhooks });
  const stripe = await testStripe();
  const customer = await ensureStripeCustomer(userId);
  const [sub] = (await stripe.subscriptions.list({ customer })).data;
  const item = sub?.items.data[0];
  const premium = (await stripe.prices.list({ lookup_keys: ['premium_monthly'] })).data[0];
  if (!sub || !item || !premium) throw new Error('lifecycle setup failed');
  await stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: premium.id }], proration_behavior: 'always_invoice' });
  await emulator.clock.advance(31 * DAY);
  await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
}

/** What the app knows of a user's billing, without ids and sync times that differ between runs. */
async function state(userId: string) {
  const subs = await getDb().select().from(subscriptions).where(eq(subscriptions.userId, userId));
  const summary = await getDb().query.entitlementSummaries.findFirst({ where: eq(entitlementSummaries.userId, userId) });
  const bills = await getDb().select().from(invoices).where(eq(invoices.userId, userId)).orderBy(asc(invoices.createdAt), asc(invoices.total));
  return {
    invoices: bills.map(({ status, total, amountPaid }) => ({ status, total, amountPaid })),
    subscriptions: subs.map(({ status, priceLookupKey, unitAmount, cancelAtPeriodEnd, paymentMethodLast4 }) => ({
      status,
      priceLookupKey,
      unitAmount,
      cancelAtPeriodEnd,
      paymentMethodLast4,
    })),
    features: summary?.features ?? null,
  };
}

async function expectRowsToMatchStripe(userId: string) {
  const [row] = await getDb().select().from(subscriptions).where(eq(subscriptions.userId, userId));
  const remote = await (await testStripe()).subscriptions.retrieve(row?.id ?? '');
  expect(row?.status).toBe(remote.status);
  expect(row?.currentPeriodEnd?.getTime()).toBe((remote.items.data[0]?.current_period_end ?? 0) * 1000);
  expect(row?.cancelAt?.getTime() ?? null).toBe(remote.cancel_at === null ? null : remote.cancel_at * 1000);
  const customer = typeof remote.customer === 'string' ? remote.customer : remote.customer.id;
  const remoteInvoices = (await (await testStripe()).invoices.list({ customer, limit: 100 })).data;
  const stored = await getDb().select().from(invoices).where(eq(invoices.stripeCustomerId, customer));
  expect(stored.map(({ id, status, amountPaid }) => ({ id, status, amountPaid })).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
    remoteInvoices.map(({ id, status, amount_paid }) => ({ id, status, amountPaid: amount_paid })).sort((a, b) => (a.id ?? '').localeCompare(b.id ?? '')),
  );
}

/** The full reads of customers' state (subscriptions and entitlements lists) the app makes during `work`. */
async function fullReadsDuring(work: () => Promise<void>): Promise<number> {
  const client = await testStripe();
  let reads = 0;
  const count = (response: Stripe.ResponseEvent) => {
    if (response.method === 'GET' && /^\/v1\/subscriptions(\?|$)/.test(response.path)) reads++;
  };
  client.on('response', count);
  try {
    await work();
  } finally {
    client.off('response', count);
  }
  return reads;
}

describe('a lifecycle delivered duplicated and shuffled', () => {
  it('ends in the same rows as the same lifecycle delivered in order', async () => {
    const inOrder = await createTestUser('in-order@example.com');
    await lifecycle(inOrder, true);
    await emulator.webhooks.waitForIdle();
    const expected = await state(inOrder);
    expect(expected.subscriptions[0]).toMatchObject({ status: 'active', priceLookupKey: 'premium_monthly', cancelAtPeriodEnd: true });
    expect(expected.features).toEqual(['basic_features', 'extended_features']);
    expect(expected.invoices.filter((invoice) => invoice.status === 'paid').length).toBeGreaterThanOrEqual(3);

    const shuffled = await createTestUser('shuffled@example.com');
    emulator.webhooks.setDuplicate(true);
    emulator.webhooks.setShuffle(true);
    emulator.webhooks.pause();
    try {
      const before = emulator.webhooks.deliveries().length;
      await lifecycle(shuffled, false);
      const reads = await fullReadsDuring(() => emulator.webhooks.flush());
      const scrambled = emulator.webhooks.deliveries().slice(before);
      // Every event was delivered twice.
      const events = new Set(scrambled.map((d) => d.eventId)).size;
      expect(events).toBeGreaterThan(10);
      expect(scrambled.length).toBe(2 * events);
      // Events whose own object is newer than the row need no read: far fewer reads than events.
      expect(reads).toBeLessThan(events / 2);
    } finally {
      emulator.webhooks.setDuplicate(false);
      emulator.webhooks.setShuffle(false);
      emulator.webhooks.resume();
    }
    await emulator.webhooks.waitForIdle();
    expect(await state(shuffled)).toEqual(expected);
    await expectRowsToMatchStripe(shuffled);
    await expectRowsToMatchStripe(inOrder);
  });
});

describe('syncs that overlap, as on two server instances', () => {
  it('never lets an older reading of Stripe overwrite a newer one', async () => {
    const userId = await createTestUser('overlap@example.com');
    await subscribe(emulator, userId, 'basic');
    const customer = await ensureStripeCustomer(userId);

    // Instance A takes its ticket and reads Stripe: Basic.
    const ticketA = await takeTicket(customer);
    if (!ticketA) throw new Error('customer not linked');
    const readingA = await fetchStripeState(customer);

    // Meanwhile the user upgrades, and instance B takes a later ticket, reads Premium, and writes.
    const stripe = await testStripe();
    const [sub] = (await stripe.subscriptions.list({ customer })).data;
    const premium = (await stripe.prices.list({ lookup_keys: ['premium_monthly'] })).data[0];
    if (!sub?.items.data[0] || !premium) throw new Error('setup failed');
    await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price: premium.id }], proration_behavior: 'none' });
    await emulator.webhooks.waitForIdle();
    const ticketB = await takeTicket(customer);
    if (!ticketB) throw new Error('customer not linked');
    await writeIfNewest(customer, ticketB, await fetchStripeState(customer), []);

    // A's write arrives last: it is refused, and reports the newer rows.
    const late = await writeIfNewest(customer, ticketA, readingA, []);
    expect(late.features).toEqual(['basic_features', 'extended_features']);
    expect(await getActiveFeatures(userId)).toEqual(['basic_features', 'extended_features']);
    const [row] = await getDb().select().from(subscriptions).where(eq(subscriptions.userId, userId));
    expect(row?.priceLookupKey).toBe('premium_monthly');
  });
});
