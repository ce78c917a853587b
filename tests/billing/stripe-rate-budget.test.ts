import { like } from 'drizzle-orm';
import Stripe from 'stripe';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { rateLimits } from '@/db/schema';
import { EnvError, parseEnv } from '@/lib/env';
import { createStripeClient } from '@/lib/stripe/create-client';
import { EMULATOR_SECRET_KEY } from '@/lib/stripe/emulator-defaults';
import { asBackgroundStripeWork, budgetSizes, takeStripeBudget } from '@/lib/stripe/rate-budget';

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
    await Promise.all(Array.from({ length: background }, () => takeStripeBudget(limit, 'background')));

    const order: string[] = [];
    const late = takeStripeBudget(limit, 'background').then(() => order.push('background'));
    await takeStripeBudget(limit, 'interactive').then(() => order.push('interactive'));
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
  });
});

describe('a burst from several instances against Stripe’s own limiter (the emulator in test mode, 25/s)', () => {
  async function burst(limitPerSecond: number | null, requests: number) {
    const instances = [1, 2, 3].map(() =>
      createStripeClient({ secretKey: EMULATOR_SECRET_KEY, emulatorUrl: emulator.url, beforeRequest: () => takeStripeBudget(limitPerSecond) }),
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
