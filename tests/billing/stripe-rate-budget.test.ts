import { like } from 'drizzle-orm';
import Stripe from 'stripe';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { rateLimits } from '@/db/schema';
import { EnvError, parseEnv } from '@/lib/env';
import { createStripeClient } from '@/lib/stripe/create-client';
import { EMULATOR_SECRET_KEY } from '@/lib/env/emulator-defaults';
import { stripeEndpoint } from '@/lib/stripe/endpoint';
import { asBackgroundStripeWork, budgetSizes, endpointBudgetSizes, takeStripeBudget } from '@/lib/stripe/rate-budget';

const { emulator, proxy } = await vi.hoisted(async () => {
  const { startBillingEmulator } = await import('../support/billing-harness');
  const { startFaultProxy } = await import('../support/stripe-fault-proxy');
  const started = await startBillingEmulator();
  // Stripe's 429s, answered by a proxy in front of the emulator.
  const faults = await startFaultProxy(started.emulator.url);
  return { ...started, proxy: faults };
});

beforeAll(() => async () => {
  await proxy.stop();
  await emulator.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A second server instance's Stripe client: its own SDK object and budget hook, the same database. */
function instanceClient(limitPerSecond: number | null): Stripe {
  return createStripeClient({ secretKey: EMULATOR_SECRET_KEY, emulatorUrl: proxy.url, beforeRequest: () => takeStripeBudget(limitPerSecond) });
}

async function budgetSpent(): Promise<Record<string, number>> {
  const rows = await getDb().select().from(rateLimits).where(like(rateLimits.key, 'stripe-%'));
  return Object.fromEntries(rows.map((row) => [row.key, row.points]));
}

describe('a 429 from Stripe', () => {
  it('is retried with backoff until Stripe answers, through the real SDK', async () => {
    const client = instanceClient(null);
    proxy.set(429);
    const call = client.customers.list({ limit: 1 });
    while (proxy.faulted() < 2) await sleep(20);
    const refused = proxy.faulted();
    proxy.set('none');
    const page = await call;
    expect(refused).toBeGreaterThanOrEqual(2);
    expect(Array.isArray(page.data)).toBe(true);
  });

  it('is given up on after a bounded number of attempts, as the SDK’s rate-limit error', async () => {
    const client = instanceClient(null);
    proxy.set(429);
    try {
      await expect(client.customers.list({ limit: 1 })).rejects.toBeInstanceOf(Stripe.errors.StripeRateLimitError);
      expect(proxy.faulted()).toBe(6);
    } finally {
      proxy.set('none');
    }
  }, 30_000);
});

describe('the shared request budget', () => {
  it('is taken in Postgres before every request of every instance, retries included', async () => {
    await getDb().delete(rateLimits);
    const taken = { a: 0, b: 0 };
    const instance = (name: keyof typeof taken) =>
      createStripeClient({
        secretKey: EMULATOR_SECRET_KEY,
        emulatorUrl: proxy.url,
        beforeRequest: async () => {
          await takeStripeBudget(1000);
          taken[name]++;
        },
      });
    const [a, b] = [instance('a'), instance('b')];
    await asBackgroundStripeWork(async () => {
      await a.customers.list({ limit: 1 });
      proxy.set(429);
      const retried = b.customers.list({ limit: 1 });
      while (proxy.faulted() < 1) await sleep(20);
      const refused = proxy.faulted();
      proxy.set('none');
      await retried;
      // Each attempt Stripe refused took from the budget too.
      expect(taken.b).toBe(refused + 1);
    });
    expect(taken.a).toBe(1);
    // Both instances' counters are the same rows: background work counts against its share and the total.
    expect(Object.keys(await budgetSpent()).sort()).toEqual(['stripe-background-requests:account', 'stripe-requests:account']);
  });

  it('keeps room for people: background work past its share waits while an interactive call goes through', async () => {
    await getDb().delete(rateLimits);
    const limit = 100;
    const { total, background } = budgetSizes(limit);
    expect(background).toBeLessThan(total);
    await Promise.all(Array.from({ length: background }, () => takeStripeBudget(limit, { kind: 'background' })));

    const order: string[] = [];
    const late = takeStripeBudget(limit, { kind: 'background' }).then(() => order.push('background'));
    await takeStripeBudget(limit, { kind: 'interactive' }).then(() => order.push('interactive'));
    await late;
    expect(order).toEqual(['interactive', 'background']);
  });

  it('is sized from the key’s mode, with headroom, and configurable', () => {
    const limitOf = (vars: Record<string, string>) => parseEnv({ NODE_ENV: 'test', ...vars }).stripe.rateLimitPerSecond;
    expect(limitOf({ STRIPE_SECRET_KEY: 'sk_live_x' })).toBe(100);
    expect(limitOf({ STRIPE_SECRET_KEY: 'sk_test_x' })).toBe(25);
    expect(limitOf({})).toBeNull();
    expect(limitOf({ STRIPE_RATE_LIMIT: 'live' })).toBe(100);
    expect(limitOf({ STRIPE_SECRET_KEY: 'sk_live_x', STRIPE_RATE_LIMIT: '40' })).toBe(40);
    expect(limitOf({ STRIPE_SECRET_KEY: 'sk_live_x', STRIPE_RATE_LIMIT: 'off' })).toBeNull();
    expect(() => limitOf({ STRIPE_RATE_LIMIT: 'fast' })).toThrow(EnvError);
    // Per 200 ms: 80% of the limit per second.
    expect(budgetSizes(100)).toEqual({ windowSeconds: 0.2, total: 16, background: 11 });
    expect(budgetSizes(25)).toEqual({ windowSeconds: 0.2, total: 4, background: 2 });
    // Per endpoint: 80% of Stripe's 25/s, all but one per window for background work.
    expect(endpointBudgetSizes()).toEqual({ windowSeconds: 0.2, total: 4, background: 3 });
  });

  it('keeps room for people on each endpoint: background work past its share of one endpoint waits while an interactive call to it goes through', async () => {
    await getDb().delete(rateLimits);
    const endpoint = 'GET /v1/subscriptions';
    const { background } = endpointBudgetSizes();
    await Promise.all(Array.from({ length: background }, () => takeStripeBudget(100, { endpoint, kind: 'background' })));

    const order: string[] = [];
    const late = takeStripeBudget(100, { endpoint, kind: 'background' }).then(() => order.push('background'));
    // Another endpoint's background work is not held up behind it either.
    await takeStripeBudget(100, { endpoint: 'GET /v1/customers', kind: 'background' }).then(() => order.push('other endpoint'));
    await takeStripeBudget(100, { endpoint, kind: 'interactive' }).then(() => order.push('interactive'));
    await late;
    expect(order).toEqual(['other endpoint', 'interactive', 'background']);
  });
});

describe('endpoints, as Stripe counts them', () => {
  it('are grouped as the emulator groups them: method and route, ids and query aside', async () => {
    await getDb().delete(rateLimits);
    const seen = new Set<string>();
    const client = createStripeClient({
      secretKey: EMULATOR_SECRET_KEY,
      emulatorUrl: emulator.url,
      beforeRequest: async (endpoint) => {
        seen.add(endpoint);
      },
    });
    emulator.stats.reset();
    const [a, b] = await Promise.all([client.customers.create({ email: 'a@example.com' }), client.customers.create({ email: 'b@example.com' })]);
    await client.customers.retrieve(a.id);
    await client.customers.retrieve(b.id, { expand: ['invoice_settings.default_payment_method'] });
    await client.customers.update(b.id, { metadata: { seen: 'yes' } });
    await client.subscriptions.list({ customer: a.id, status: 'all', limit: 100 });
    await client.entitlements.activeEntitlements.list({ customer: b.id });
    await client.customers.del(a.id);
    const emulatorGroups = Object.keys(emulator.stats.read().endpoints).map((key) => key.replace(/:\w+/g, ':id'));
    expect([...seen].sort()).toEqual(emulatorGroups.sort());
    expect(seen.size).toBe(6);
    expect(stripeEndpoint('GET', `/v1/customers/${a.id}?expand%5B0%5D=x`)).toBe('GET /v1/customers/:id');
    expect(stripeEndpoint('POST', '/v1/billing_portal/sessions')).toBe('POST /v1/billing_portal/sessions');
  });
});

describe('a burst from several instances against Stripe’s own limiter (the emulator in test mode, 25/s)', () => {
  async function burst(limitPerSecond: number | null, requests: number) {
    const instances = [1, 2, 3].map(() =>
      createStripeClient({ secretKey: EMULATOR_SECRET_KEY, emulatorUrl: emulator.url, beforeRequest: (endpoint) => takeStripeBudget(limitPerSecond, { endpoint }) }),
    );
    emulator.rateLimit.set('test');
    emulator.stats.reset();
    try {
      const answers = await Promise.allSettled(Array.from({ length: requests }, (_, i) => instances[i % 3]?.customers.list({ limit: 1 })));
      return { ok: answers.filter((a) => a.status === 'fulfilled').length, rateLimited: emulator.stats.read().rateLimited };
    } finally {
      emulator.rateLimit.set('off');
    }
  }

  it('stays inside it with the shared budget: not one 429', async () => {
    await getDb().delete(rateLimits);
    expect(await burst(25, 60)).toEqual({ ok: 60, rateLimited: 0 });
  }, 30_000);

  it('meets 429s without it, which the backoff retries until every request succeeds', async () => {
    const result = await burst(null, 40);
    expect(result.rateLimited).toBeGreaterThan(0);
    expect(result.ok).toBe(40);
  }, 30_000);
});

describe('a burst on one endpoint from several instances against Stripe’s live-mode limiter (100/s per account, 25/s per endpoint)', () => {
  /** Background work, as a webhook storm's reads: three instances list one customer's subscriptions. */
  async function burst(perEndpoint: boolean, requests: number) {
    const instances = [1, 2, 3].map(() =>
      createStripeClient({
        secretKey: EMULATOR_SECRET_KEY,
        emulatorUrl: emulator.url,
        beforeRequest: (endpoint) => takeStripeBudget(100, perEndpoint ? { endpoint } : {}),
      }),
    );
    emulator.rateLimit.set('live');
    emulator.stats.reset();
    try {
      const answers = await asBackgroundStripeWork(() =>
        Promise.allSettled(Array.from({ length: requests }, (_, i) => instances[i % 3]?.subscriptions.list({ customer: 'cus_storm', limit: 1 }))),
      );
      const stats = emulator.stats.read();
      return { ok: answers.filter((a) => a.status === 'fulfilled').length, rateLimited: stats.rateLimited, endpoints: Object.keys(stats.endpoints) };
    } finally {
      emulator.rateLimit.set('off');
    }
  }

  it('meets not one 429 with the per-endpoint budget', async () => {
    await getDb().delete(rateLimits);
    const result = await burst(true, 75);
    expect(result).toEqual({ ok: 75, rateLimited: 0, endpoints: ['GET /v1/subscriptions'] });
    // The endpoint's counters are rows in Postgres beside the account's, shared by the instances.
    expect(Object.keys(await budgetSpent()).sort()).toEqual([
      'stripe-background-requests:account',
      'stripe-endpoint-background-requests:GET /v1/subscriptions',
      'stripe-endpoint-requests:GET /v1/subscriptions',
      'stripe-requests:account',
    ]);
  }, 30_000);

  it('meets 429s with the account-wide budget alone, which lets 80 a second through to one endpoint', async () => {
    await getDb().delete(rateLimits);
    const result = await burst(false, 75);
    expect(result.rateLimited).toBeGreaterThan(0);
    expect(result.ok).toBe(75);
  }, 30_000);
});
