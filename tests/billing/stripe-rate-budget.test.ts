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
  it('is counted in Postgres for every request of every instance, retries included', async () => {
    await getDb().delete(rateLimits);
    const [a, b] = [instanceClient(1000), instanceClient(1000)];
    await asBackgroundStripeWork(async () => {
      await a.customers.list({ limit: 1 });
      await b.customers.list({ limit: 1 });
      proxy.set(429);
      const retried = b.customers.list({ limit: 1 });
      while (proxy.faulted() < 1) await sleep(20);
      proxy.set('none');
      await retried;
    });
    await a.customers.list({ limit: 1 });
    const spent = await budgetSpent();
    // Four background requests from two instances (one refused by Stripe and sent again), one interactive.
    expect(spent['stripe-background-requests:account']).toBe(4);
    expect(spent['stripe-requests:account']).toBe(5);
  });

  it('keeps room for people: background work past its share waits while an interactive call goes through', async () => {
    await getDb().delete(rateLimits);
    const limit = 10;
    const { total, background } = budgetSizes(limit);
    expect(total).toBe(8);
    expect(background).toBe(5);
    for (let i = 0; i < background; i++) await takeStripeBudget(limit, 'background');

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
    expect(budgetSizes(100)).toEqual({ total: 80, background: 56 });
    expect(budgetSizes(25)).toEqual({ total: 20, background: 14 });
  });
});
