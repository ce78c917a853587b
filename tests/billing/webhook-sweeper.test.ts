import { eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { GET as cron } from '@/app/api/cron/stripe/route';
import { POST } from '@/app/api/stripe/webhook/route';
import { getDb } from '@/db/client';
import { billingCustomers, stripeEvents, subscriptions } from '@/db/schema';
import { getActiveFeatures } from '@/lib/entitlements/features';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { claimStripeEvents, EVENT_RETENTION_DAYS, retryDelayMs } from '@/lib/billing/sync/inbox';
import { sweepStripeEvents } from '@/lib/billing/sync/sweep-events';
import { DEV_CRON_SECRET } from '@/lib/env';
import { EMULATOR_WEBHOOK_SECRET } from '@/lib/env/emulator-defaults';
import { createTestUser, subscribe, testStripe } from '../support/billing-harness';
import { serveRoute } from '../support/route-scope';

// The sweeper: what it takes (due events only, each by one claimer at a time), what it does with
// rows from before the inbox, and the cron route that runs it.

const { emulator } = await vi.hoisted(() => import('../support/billing-harness').then((m) => m.startBillingEmulator()));
beforeAll(async () => {
  await setupCatalog(await testStripe());
  return () => emulator.stop();
});

function eventPayload(id: string, type: string, object: Record<string, unknown>): string {
  return JSON.stringify({ id, object: 'event', type, api_version: '2026-10-28.endive', created: 1_790_000_000, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object } });
}

/**
 * Delivers events to the route and drops the work it scheduled after answering, as if the
 * instance died right after each answer: the events are stored, claimed, and never processed.
 */
async function deliverAndDie(payloads: string[]): Promise<void> {
  const stripe = await testStripe();
  for (const payload of payloads) {
    const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: EMULATOR_WEBHOOK_SECRET });
    const headers = { 'content-type': 'application/json', 'stripe-signature': signature };
    const served = await serveRoute(POST, new Request('http://localhost:3000/api/stripe/webhook', { method: 'POST', headers, body: payload }));
    expect(served.response.status).toBe(200);
  }
}

/** Time passes: the dead instance's leases run out. */
async function leasesRunOut(): Promise<void> {
  await getDb().update(stripeEvents).set({ nextAttemptAt: sql`now()` }).where(sql`${stripeEvents.processedAt} is null`);
}

async function customersOfUsers(count: number, prefix: string): Promise<{ userId: string; customerId: string }[]> {
  const stripe = await testStripe();
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const email = `${prefix}-${i}@example.com`;
      const userId = await createTestUser(email);
      const customer = await stripe.customers.create({ email, metadata: { userId } });
      return { userId, customerId: customer.id };
    }),
  );
}

describe('sweepStripeEvents', () => {
  it('gives each due event to one claimer only, however many claim at once', async () => {
    const customers = await customersOfUsers(3, 'claims');
    const ids = Array.from({ length: 24 }, (_, i) => `evt_claim_${i}`);
    await deliverAndDie(ids.map((id, i) => eventPayload(id, 'customer.updated', { id: customers[i % 3]?.customerId, object: 'customer' })));
    // Held by the (dead) attempts' leases: nothing is due yet.
    expect(await claimStripeEvents(100)).toEqual([]);
    await leasesRunOut();

    const claims = await Promise.all(Array.from({ length: 6 }, () => claimStripeEvents(5)));
    const claimed = claims.flat().map((c) => c.id);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.sort()).toEqual([...ids].sort());
    // Each claim counted once on top of the first (dead) attempt, and leased again.
    const rows = await getDb().select().from(stripeEvents).where(inArray(stripeEvents.id, ids));
    expect(rows.map((r) => r.attempts)).toEqual(ids.map(() => 2));
    expect(await claimStripeEvents(100)).toEqual([]);
    // Claimed and never processed: out of the way of the next tests' sweeps.
    await getDb().delete(stripeEvents).where(inArray(stripeEvents.id, ids));
  });

  it('processes every event once when two sweepers run side by side', async () => {
    const customers = await customersOfUsers(4, 'sweepers');
    const ids = Array.from({ length: 20 }, (_, i) => `evt_sweep_${i}`);
    await deliverAndDie(ids.map((id, i) => eventPayload(id, 'customer.updated', { id: customers[i % 4]?.customerId, object: 'customer' })));
    await leasesRunOut();

    const [first, second] = await Promise.all([sweepStripeEvents({ batch: 3 }), sweepStripeEvents({ batch: 3 })]);
    expect((first?.claimed ?? 0) + (second?.claimed ?? 0)).toBe(ids.length);
    expect((first?.processed ?? 0) + (second?.processed ?? 0)).toBe(ids.length);
    const rows = await getDb().select().from(stripeEvents).where(inArray(stripeEvents.id, ids));
    expect(rows.every((r) => r.processedAt !== null && r.attempts === 2 && r.lastError === null)).toBe(true);
    for (const { userId, customerId } of customers) {
      expect(await getDb().query.billingCustomers.findFirst({ where: eq(billingCustomers.userId, userId) })).toMatchObject({ stripeCustomerId: customerId });
    }
    expect(await sweepStripeEvents()).toEqual({ claimed: 0, processed: 0, skipped: 0, failed: 0 });
  });

  it('counts an event about a customer that is not ours as skipped, not processed', async () => {
    const stranger = await (await testStripe()).customers.create({ email: 'stranger-swept@example.com' });
    await deliverAndDie([eventPayload('evt_stranger_swept', 'customer.updated', { id: stranger.id, object: 'customer' })]);
    await leasesRunOut();

    expect(await sweepStripeEvents()).toEqual({ claimed: 1, processed: 0, skipped: 1, failed: 0 });
    expect(await getDb().query.stripeEvents.findFirst({ where: eq(stripeEvents.id, 'evt_stranger_swept') })).toMatchObject({
      processedAt: expect.any(Date),
      skippedReason: 'customer_not_ours',
    });
  });

  it('fetches the event from Stripe for a row recorded before the inbox kept payloads', async () => {
    const userId = await createTestUser('before-inbox@example.com');
    await subscribe(emulator, userId, 'basic');
    const [row] = await getDb().select().from(subscriptions).where(eq(subscriptions.userId, userId));
    if (!row) throw new Error('no subscription row');
    const stripe = await testStripe();
    // An upgrade, then a change to the customer whose event the old route recorded (id only) and
    // failed to process. Processing a customer.updated reads the customer's whole state.
    emulator.webhooks.pause();
    try {
      const subscription = await stripe.subscriptions.retrieve(row.id);
      const premium = (await stripe.prices.list({ lookup_keys: ['premium_monthly'] })).data[0];
      await stripe.subscriptions.update(row.id, { items: [{ id: subscription.items.data[0]?.id, price: premium?.id }], proration_behavior: 'none' });
      await stripe.customers.update(row.stripeCustomerId, { metadata: { note: 'updated while the old route failed' } });
      const event = (await stripe.events.list({ type: 'customer.updated', limit: 1 })).data[0];
      if (!event) throw new Error('no event');
      await getDb().insert(stripeEvents).values({ id: event.id, type: event.type, created: new Date(event.created * 1000) });
      await getDb().insert(stripeEvents).values({ id: 'evt_gone_from_stripe', type: 'customer.updated', created: new Date() });
      expect(await getActiveFeatures(userId)).toEqual(['basic_features']);

      expect(await sweepStripeEvents()).toEqual({ claimed: 2, processed: 1, skipped: 1, failed: 0 });
      expect(await getActiveFeatures(userId)).toEqual(['basic_features', 'extended_features']);
      expect(await getDb().query.stripeEvents.findFirst({ where: eq(stripeEvents.id, event.id) })).toMatchObject({ processedAt: expect.any(Date), skippedReason: null });
      // Older than Stripe keeps events (30 days): nothing left to do, and it says so.
      expect(await getDb().query.stripeEvents.findFirst({ where: eq(stripeEvents.id, 'evt_gone_from_stripe') })).toMatchObject({
        processedAt: expect.any(Date),
        skippedReason: 'event_unavailable',
      });
    } finally {
      emulator.webhooks.resume();
      await emulator.webhooks.waitForIdle();
    }
  });

  it('backs off exponentially with jitter, up to an hour', () => {
    const bounds = (attempts: number) => [retryDelayMs(attempts, () => 0), retryDelayMs(attempts, () => 1)];
    expect(bounds(1)).toEqual([15_000, 30_000]);
    expect(bounds(2)).toEqual([30_000, 60_000]);
    expect(bounds(5)).toEqual([240_000, 480_000]);
    expect(bounds(50)).toEqual([1_800_000, 3_600_000]);
  });
});

describe('GET /api/cron/stripe', () => {
  const call = (authorization?: string) =>
    cron(new Request('http://localhost:3000/api/cron/stripe', { headers: authorization ? { authorization } : {} }));

  it('refuses callers without the cron secret, and sweeps nothing for them', async () => {
    const [customer] = await customersOfUsers(1, 'cron-refused');
    await deliverAndDie([eventPayload('evt_cron_refused', 'customer.updated', { id: customer?.customerId, object: 'customer' })]);
    await leasesRunOut();
    for (const header of [undefined, 'Bearer', `Bearer ${DEV_CRON_SECRET}x`, `Bearer ${DEV_CRON_SECRET.slice(0, -1)}`, DEV_CRON_SECRET, `Basic ${DEV_CRON_SECRET}`]) {
      expect((await call(header)).status).toBe(401);
    }
    expect(await getDb().query.stripeEvents.findFirst({ where: eq(stripeEvents.id, 'evt_cron_refused') })).toMatchObject({ processedAt: null, attempts: 1 });

    const response = await call(`Bearer ${DEV_CRON_SECRET}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ swept: { claimed: 1, processed: 1, failed: 0 }, reconciled: expect.any(Object) });
    expect(await getDb().query.stripeEvents.findFirst({ where: eq(stripeEvents.id, 'evt_cron_refused') })).toMatchObject({ processedAt: expect.any(Date), attempts: 2 });
  });

  it('prunes events processed more than the retention ago, and keeps recent and unprocessed ones', async () => {
    const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60_000);
    const row = (id: string, processedAt: Date | null) => ({ id, type: 'customer.updated', created: daysAgo(40), processedAt, payload: null });
    await getDb()
      .insert(stripeEvents)
      .values([
        row('evt_prune_old', daysAgo(EVENT_RETENTION_DAYS + 1)),
        row('evt_prune_recent', daysAgo(EVENT_RETENTION_DAYS - 1)),
        // Never processed, however old: still owed a sync (its retry is far off, so this run leaves it).
        { ...row('evt_prune_pending', null), nextAttemptAt: new Date(Date.now() + 60 * 60_000) },
      ]);
    const response = await call(`Bearer ${DEV_CRON_SECRET}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ pruned: 1 });
    const left = await getDb().query.stripeEvents.findMany({ where: inArray(stripeEvents.id, ['evt_prune_old', 'evt_prune_recent', 'evt_prune_pending']), columns: { id: true } });
    expect(left.map((event) => event.id).sort()).toEqual(['evt_prune_pending', 'evt_prune_recent']);
  });
});
