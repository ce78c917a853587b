import { eq, inArray, sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { POST } from '@/app/api/stripe/webhook/route';
import { getDb } from '@/db/client';
import { billingCustomers, stripeEvents, subscriptions } from '@/db/schema';
import { getActiveFeatures } from '@/lib/entitlements/features';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { isLive } from '@/lib/billing/subscription-status';
import { sweepStripeEvents } from '@/lib/billing/sync/sweep-events';
import { EMULATOR_WEBHOOK_SECRET } from '@/lib/env/emulator-defaults';
import { createTestUser, subscribe, testStripe } from '../support/billing-harness';
import { serveRoute, type ServedRoute } from '../support/route-scope';

const { emulator, proxy } = await vi.hoisted(async () => {
  const { startBillingEmulator } = await import('../support/billing-harness');
  const { startFaultProxy } = await import('../support/stripe-fault-proxy');
  const started = await startBillingEmulator();
  // The app reaches the emulator through a proxy that can fail like Stripe's API does.
  const faults = await startFaultProxy(started.emulator.url);
  process.env.STRIPE_EMULATOR_URL = faults.url;
  return { ...started, proxy: faults };
});
beforeAll(async () => {
  await setupCatalog(await testStripe());
  return async () => {
    await proxy.stop();
    await emulator.stop();
  };
});
afterEach(() => proxy.set('none'));

function eventPayload(id: string, type: string, object: Record<string, unknown>): string {
  return JSON.stringify({ id, object: 'event', type, api_version: '2026-10-28.endive', created: 1_790_000_000, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object } });
}

/** Delivers a payload to the route and returns its answer, with the route's after() work not yet run. */
async function deliver(payload: string, signature: string | null): Promise<ServedRoute> {
  const headers = new Headers({ 'content-type': 'application/json' });
  if (signature !== null) headers.set('stripe-signature', signature);
  return serveRoute(POST, new Request('http://localhost:3000/api/stripe/webhook', { method: 'POST', headers, body: payload }));
}

/** Delivers a payload and lets the route's after() work run to its end, as it does on a live instance. */
async function post(payload: string, signature: string | null): Promise<Response> {
  const served = await deliver(payload, signature);
  await served.finish();
  return served.response;
}

/** Time passes: every pending event's lease or backoff ends now. */
async function timePasses(): Promise<void> {
  await getDb().update(stripeEvents).set({ nextAttemptAt: sql`now()` }).where(sql`${stripeEvents.processedAt} is null`);
}

/** Seconds until the sweeper may retry the event, as stored. */
async function secondsUntilRetry(id: string): Promise<number> {
  const [row] = await getDb()
    .select({ wait: sql<string>`extract(epoch from ${stripeEvents.nextAttemptAt} - now())`.mapWith(Number) })
    .from(stripeEvents)
    .where(eq(stripeEvents.id, id));
  return row?.wait ?? Number.NaN;
}

async function signed(payload: string, secret = EMULATOR_WEBHOOK_SECRET): Promise<string> {
  return (await testStripe()).webhooks.generateTestHeaderString({ payload, secret });
}

async function eventRow(id: string) {
  return getDb().query.stripeEvents.findFirst({ where: eq(stripeEvents.id, id) });
}

describe('POST /api/stripe/webhook', () => {
  it('answers 400 to a bad signature and writes nothing', async () => {
    const payload = eventPayload('evt_badsig', 'customer.updated', { id: 'cus_x', object: 'customer' });
    const response = await post(payload, await signed(payload, 'whsec_not_the_secret'));
    expect(response.status).toBe(400);
    expect(await eventRow('evt_badsig')).toBeUndefined();
  });

  it('answers 400 to a missing signature and to a tampered body', async () => {
    const payload = eventPayload('evt_tamper', 'customer.updated', { id: 'cus_x', object: 'customer' });
    expect((await post(payload, null)).status).toBe(400);
    const signature = await signed(payload);
    expect((await post(payload.replace('cus_x', 'cus_y'), signature)).status).toBe(400);
    expect(await eventRow('evt_tamper')).toBeUndefined();
  });

  it('answers 200 once the event is stored, payload and all, and processes it after the response', async () => {
    const userId = await createTestUser('acknowledged@example.com');
    const customer = await (await testStripe()).customers.create({ email: 'acknowledged@example.com', metadata: { userId } });
    const payload = eventPayload('evt_ack', 'customer.updated', { id: customer.id, object: 'customer' });
    const served = await deliver(payload, await signed(payload));
    expect(served.response.status).toBe(200);
    expect(await served.response.json()).toEqual({ received: true });
    // Answered, not processed: the row holds the whole verified event, claimed by this attempt.
    const stored = await eventRow('evt_ack');
    expect(stored).toMatchObject({ type: 'customer.updated', processedAt: null, attempts: 1, lastError: null });
    expect(stored?.payload).toEqual(JSON.parse(payload));
    expect(await getDb().select().from(billingCustomers).where(eq(billingCustomers.userId, userId))).toHaveLength(0);
    // Its lease keeps the sweeper off it while this attempt may still run.
    expect(await sweepStripeEvents()).toEqual({ claimed: 0, processed: 0, skipped: 0, failed: 0 });

    await served.finish();
    expect(await eventRow('evt_ack')).toMatchObject({ processedAt: expect.any(Date), skippedReason: null, attempts: 1 });
    expect(await getDb().query.billingCustomers.findFirst({ where: eq(billingCustomers.userId, userId) })).toMatchObject({ stripeCustomerId: customer.id });
  });

  it("shares one customer's syncs among a burst of events processed after their responses", async () => {
    const userId = await createTestUser('burst@example.com');
    const customer = await (await testStripe()).customers.create({ email: 'burst@example.com', metadata: { userId } });
    const event = (id: string) => eventPayload(id, 'customer.updated', { id: customer.id, object: 'customer' });
    await post(event('evt_burst_link'), await signed(event('evt_burst_link')));
    // What one event's processing reads from Stripe, the customer linked already.
    emulator.stats.reset();
    await post(event('evt_burst_one'), await signed(event('evt_burst_one')));
    const oneSync = emulator.stats.read().requests;
    expect(oneSync).toBeGreaterThan(0);

    const ids = Array.from({ length: 10 }, (_, i) => `evt_burst_${i}`);
    const served = [];
    for (const id of ids) served.push(await deliver(event(id), await signed(event(id))));
    emulator.stats.reset();
    // Their responses close together, and so their after() work starts together, as under load.
    await Promise.all(served.map((s) => s.finish()));
    expect(emulator.stats.read().requests).toBeLessThanOrEqual(2 * oneSync);
    const rows = await getDb().select().from(stripeEvents).where(inArray(stripeEvents.id, ids));
    expect(rows.filter((row) => row.processedAt !== null && row.attempts === 1)).toHaveLength(ids.length);
  });

  it('acknowledges an unknown event type with 200 and records it', async () => {
    const payload = eventPayload('evt_unknown', 'charge.dispute.created', { id: 'dp_1', object: 'dispute' });
    const response = await post(payload, await signed(payload));
    expect(response.status).toBe(200);
    expect(await eventRow('evt_unknown')).toMatchObject({ processedAt: expect.any(Date), skippedReason: 'unhandled_event_type' });
  });

  it('finishes an event about an existing customer that is no user of ours as skipped, not processed', async () => {
    const stranger = await (await testStripe()).customers.create({ email: 'stranger@example.com' });
    const payload = eventPayload('evt_stranger', 'customer.updated', { id: stranger.id, object: 'customer' });
    const response = await post(payload, await signed(payload));
    expect(response.status).toBe(200);
    expect(await eventRow('evt_stranger')).toMatchObject({ processedAt: expect.any(Date), skippedReason: 'customer_not_ours' });
    expect(await getDb().select().from(billingCustomers).where(eq(billingCustomers.stripeCustomerId, stranger.id))).toHaveLength(0);
  });

  it('processes an event id once: a second delivery is acknowledged and not processed again', async () => {
    const userId = await createTestUser('dup@example.com');
    const customer = await (await testStripe()).customers.create({ email: 'dup@example.com', metadata: { userId } });
    const payload = eventPayload('evt_dup', 'customer.updated', { id: customer.id, object: 'customer' });
    const first = await post(payload, await signed(payload));
    const processed = await eventRow('evt_dup');
    expect(processed).toMatchObject({ processedAt: expect.any(Date), attempts: 1 });
    // Any processing of the copy would have to read Stripe, which now fails every request.
    proxy.set('unreachable');
    const second = await post(payload, await signed(payload));
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(proxy.faulted()).toBe(0);
    expect(await eventRow('evt_dup')).toEqual(processed);
    expect(await getDb().query.billingCustomers.findFirst({ where: eq(billingCustomers.userId, userId) })).toMatchObject({
      stripeCustomerId: customer.id,
    });
  });

  it('acknowledges a copy that arrives while the first delivery is still being processed, without a second attempt', async () => {
    const userId = await createTestUser('inflight@example.com');
    const customer = await (await testStripe()).customers.create({ email: 'inflight@example.com', metadata: { userId } });
    const payload = eventPayload('evt_inflight', 'customer.updated', { id: customer.id, object: 'customer' });
    const first = await deliver(payload, await signed(payload));
    const copy = await deliver(payload, await signed(payload));
    expect([first.response.status, copy.response.status]).toEqual([200, 200]);
    await copy.finish();
    expect(await eventRow('evt_inflight')).toMatchObject({ processedAt: null, attempts: 1 });
    await first.finish();
    expect(await eventRow('evt_inflight')).toMatchObject({ processedAt: expect.any(Date), attempts: 1 });
  });

});

// An event can name a customer Stripe no longer has. Retrying cannot help it, so it is finished
// with the reason kept; every failure that may pass (Stripe unreachable or busy, our database)
// is recorded on the event with a backoff, and the sweeper processes it once that has passed.
describe('events for customers Stripe no longer has', () => {
  it('acknowledges an event for a customer id Stripe never had, and says why', async () => {
    const payload = eventPayload('evt_never', 'customer.subscription.updated', { id: 'sub_never', object: 'subscription', customer: 'cus_neverexisted' });
    const response = await post(payload, await signed(payload));
    expect(response.status).toBe(200);
    expect(await eventRow('evt_never')).toMatchObject({ processedAt: expect.any(Date), skippedReason: 'customer_missing' });
  });

  it('acknowledges the events of a deleted customer and ends the access its subscription gave', async () => {
    const userId = await createTestUser('deleted-customer@example.com');
    await subscribe(emulator, userId, 'premium');
    expect(await getActiveFeatures(userId)).toEqual(['basic_features', 'extended_features']);
    const [row] = await getDb().select().from(subscriptions).where(eq(subscriptions.userId, userId));
    const before = emulator.webhooks.deliveries().length;

    // Stripe cancels its subscriptions and sends their events; the customer can no longer be read.
    await (await testStripe()).customers.del(row?.stripeCustomerId ?? '');
    await emulator.webhooks.waitForIdle();

    const deliveries = emulator.webhooks.deliveries().slice(before);
    expect(deliveries.map((d) => d.type)).toContain('customer.subscription.deleted');
    // Each answered 2xx at the first attempt: nothing left for Stripe to retry.
    expect(deliveries.filter((d) => d.status === null || d.status < 200 || d.status >= 300 || d.attempts > 1)).toEqual([]);
    const handled = await getDb()
      .select()
      .from(stripeEvents)
      .where(inArray(stripeEvents.id, deliveries.filter((d) => d.type === 'customer.subscription.deleted').map((d) => d.eventId)));
    expect(handled).toHaveLength(1);
    // Two outcomes are right, depending on whether the sync had to read Stripe: the event's own
    // subscription (canceled) is newer than the row and is written as it stands; or a read finds
    // the customer gone, and the event is finished as skipped with the customer's rows cleared.
    // Either way it is finished and the access ends.
    expect(handled[0]?.processedAt).toEqual(expect.any(Date));
    expect([null, 'customer_deleted']).toContain(handled[0]?.skippedReason);
    expect(await getActiveFeatures(userId)).toEqual([]);
    const left = await getDb().select({ status: subscriptions.status }).from(subscriptions).where(eq(subscriptions.userId, userId));
    expect(left.filter((s) => isLive(s))).toEqual([]);
  });

  it('acknowledges an event for a customer of ours that Stripe says never existed, and ends its access', async () => {
    const userId = await createTestUser('wiped@example.com');
    // Our row points at a customer Stripe does not know (say, its test data was deleted).
    await getDb().insert(billingCustomers).values({ userId, stripeCustomerId: 'cus_wiped' });
    const payload = eventPayload('evt_wiped', 'customer.subscription.updated', { id: 'sub_x', object: 'subscription', customer: 'cus_wiped' });
    const response = await post(payload, await signed(payload));
    expect(response.status).toBe(200);
    expect(await eventRow('evt_wiped')).toMatchObject({ processedAt: expect.any(Date), skippedReason: 'customer_missing' });
    expect(await getActiveFeatures(userId)).toEqual([]);
  });

  async function subscribedCustomer(email: string): Promise<{ userId: string; customerId: string; subscriptionId: string }> {
    const userId = await createTestUser(email);
    await subscribe(emulator, userId, 'basic');
    const [row] = await getDb().select().from(subscriptions).where(eq(subscriptions.userId, userId));
    if (!row) throw new Error('no subscription row');
    return { userId, customerId: row.stripeCustomerId, subscriptionId: row.id };
  }

  /** An upgrade made in Stripe while its events cannot get through: only a sync puts it in our rows. */
  async function upgradeInStripe(subscriptionId: string): Promise<void> {
    const stripe = await testStripe();
    const subscription = await stripe.subscriptions.retrieve(subscriptionId);
    const premium = (await stripe.prices.list({ lookup_keys: ['premium_monthly'] })).data[0];
    emulator.webhooks.pause();
    await stripe.subscriptions.update(subscriptionId, { items: [{ id: subscription.items.data[0]?.id, price: premium?.id }], proration_behavior: 'none' });
  }

  /**
   * Delivers the event while `fault` holds, then heals it and lets the sweeper run: first while
   * the failed attempt's backoff lasts, then once it has passed.
   */
  async function failThenSweep(id: string, customerId: string, fault: () => Promise<void> | void, heal: () => Promise<void> | void) {
    // An event whose object is not the state itself, so processing has to read Stripe.
    const payload = eventPayload(id, 'customer.updated', { id: customerId, object: 'customer' });
    await fault();
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const first = await post(payload, await signed(payload));
    spy.mockRestore();
    const afterFirst = await eventRow(id);
    const retryIn = await secondsUntilRetry(id);
    const faultedRequests = proxy.faulted();
    await heal();
    const duringBackoff = await sweepStripeEvents();
    await timePasses();
    const sweep = await sweepStripeEvents();
    return { first: first.status, afterFirst, retryIn, faultedRequests, duringBackoff, sweep, afterSweep: await eventRow(id) };
  }

  function expectFailedThenSwept(run: Awaited<ReturnType<typeof failThenSweep>>) {
    // Acknowledged at once whatever Stripe does: the failure is the inbox's to retry, not Stripe's.
    expect(run.first).toBe(200);
    expect(run.afterFirst).toMatchObject({ processedAt: null, skippedReason: null, attempts: 1, lastError: expect.any(String) });
    // The first retry waits 15 to 30 s (half fixed, half jitter).
    expect(run.retryIn).toBeGreaterThan(5);
    expect(run.retryIn).toBeLessThanOrEqual(30);
    expect(run.duringBackoff.claimed).toBe(0);
    expect(run.sweep).toMatchObject({ claimed: 1, processed: 1, failed: 0 });
    expect(run.afterSweep).toMatchObject({ processedAt: expect.any(Date), skippedReason: null, attempts: 2 });
  }

  it.each([
    ['unreachable', 'unreachable'],
    ['rate limited (429)', 429],
    ['failing (503)', 503],
  ] as const)('acknowledges while Stripe is %s, records the failure and backs off, then the sweeper processes it', async (_name, fault) => {
    const { userId, customerId, subscriptionId } = await subscribedCustomer(`stripe-${String(fault)}@example.com`);
    await upgradeInStripe(subscriptionId);
    try {
      const run = await failThenSweep(`evt_fault_${String(fault)}`, customerId, () => proxy.set(fault), () => proxy.set('none'));
      expect(run.faultedRequests).toBeGreaterThan(0);
      expectFailedThenSwept(run);
      expect(await getActiveFeatures(userId)).toEqual(['basic_features', 'extended_features']);
    } finally {
      emulator.webhooks.resume();
      await emulator.webhooks.waitForIdle();
    }
  });

  it('records a failure of our database the same way, and the sweeper processes the event once it is back', async () => {
    const { userId, customerId, subscriptionId } = await subscribedCustomer('database-down@example.com');
    await upgradeInStripe(subscriptionId);
    const db = getDb();
    try {
      const run = await failThenSweep(
        'evt_db_fault',
        customerId,
        // The sync's write fails inside its transaction, as it would on a lost connection.
        async () => {
          await db.execute(sql`create function entitle_test_fail() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`);
          await db.execute(sql`create trigger entitle_test_fail before insert or update on subscription for each row execute function entitle_test_fail()`);
        },
        async () => {
          await db.execute(sql`drop trigger entitle_test_fail on subscription`);
          await db.execute(sql`drop function entitle_test_fail()`);
        },
      );
      expectFailedThenSwept(run);
      expect(run.afterFirst?.lastError).toContain('injected failure');
      expect(await getActiveFeatures(userId)).toEqual(['basic_features', 'extended_features']);
    } finally {
      emulator.webhooks.resume();
      await emulator.webhooks.waitForIdle();
    }
  });
});
