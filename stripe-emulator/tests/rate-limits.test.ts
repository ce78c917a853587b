import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStripeEmulator, type StripeEmulator } from '../src/index.js';

let emulator: StripeEmulator;
let stripe: Stripe;

beforeEach(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  // Retries on: a 429 must still reach the caller, because Stripe does not ask for a retry.
  stripe = new Stripe('sk_test_rate_limits', { ...emulator.stripeConfig, maxNetworkRetries: 2, telemetry: false });
});
afterEach(async () => {
  await emulator.stop();
});

type Outcome = { ok: true } | { ok: false; error: unknown };

async function settle(calls: (() => Promise<unknown>)[]): Promise<Outcome[]> {
  return Promise.all(calls.map((call) => call().then((): Outcome => ({ ok: true }), (error: unknown): Outcome => ({ ok: false, error }))));
}

function rateLimitErrors(outcomes: Outcome[]): Stripe.errors.StripeRateLimitError[] {
  const out: Stripe.errors.StripeRateLimitError[] = [];
  for (const o of outcomes) {
    if (o.ok) continue;
    if (!(o.error instanceof Stripe.errors.StripeRateLimitError)) throw o.error;
    out.push(o.error);
  }
  return out;
}

function times<T>(n: number, make: (i: number) => T): T[] {
  return Array.from({ length: n }, (_, i) => make(i));
}

describe('rate-limit mode', () => {
  it('is off by default: a burst far past Stripe limits is all answered', async () => {
    const customer = await stripe.customers.create({ email: 'burst@example.com' });
    const outcomes = await settle(times(300, () => () => stripe.customers.retrieve(customer.id)));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(300);
    expect(emulator.rateLimit.mode()).toBe('off');
    expect(emulator.stats.read().rateLimited).toBe(0);
  });

  it('test mode: a burst on one endpoint past 25/s gets StripeRateLimitError with Stripe fields and reason header', async () => {
    const customer = await stripe.customers.create({ email: 'burst@example.com' });
    emulator.rateLimit.set('test');
    emulator.stats.reset();
    const outcomes = await settle(times(200, () => () => stripe.customers.retrieve(customer.id)));
    const limited = rateLimitErrors(outcomes);
    const accepted = outcomes.length - limited.length;
    expect(limited.length).toBeGreaterThan(0);
    // At most 25 in any one second, so 200 requests need eight seconds to all pass.
    expect(accepted).toBeLessThan(200);
    const first = limited[0];
    expect(first?.statusCode).toBe(429);
    expect(first?.rawType).toBe('invalid_request_error');
    expect(first?.code).toBe('rate_limit');
    expect(first?.doc_url).toBe('https://stripe.com/docs/error-codes/rate-limit');
    expect(first?.requestId).toMatch(/^req_/);
    expect(first?.headers?.['stripe-rate-limited-reason']).toBe('endpoint-rate');
    expect(first?.headers?.['stripe-should-retry']).toBeUndefined();
    // maxNetworkRetries: 2 did not resend them: one request per call reached the emulator.
    const stats = emulator.stats.read();
    expect(stats.requests).toBe(200);
    expect(stats.rateLimited).toBe(limited.length);
    expect(stats.endpoints['GET /v1/customers/:id']).toEqual({ requests: 200, rateLimited: limited.length });
  });

  it('test mode: 25 requests across endpoints pass, the account-wide budget is 25 per second', async () => {
    emulator.rateLimit.set('test');
    const within = await settle([
      ...times(10, () => () => stripe.customers.list({ limit: 1 })),
      ...times(10, () => () => stripe.products.list({ limit: 1 })),
      ...times(5, () => () => stripe.prices.list({ limit: 1 })),
    ]);
    expect(rateLimitErrors(within)).toHaveLength(0);
    // Seconds later would be a fresh budget; straight away, another endpoint is refused too.
    const over = await settle(times(50, () => () => stripe.subscriptions.list({ limit: 1 })));
    const limited = rateLimitErrors(over);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.every((e) => e.headers?.['stripe-rate-limited-reason'] === 'global-rate')).toBe(true);
  });

  it('live mode: 25 per endpoint per second but 100 for the account', async () => {
    emulator.rateLimit.set('live');
    expect(emulator.rateLimit.limits()).toEqual({ global: 100, endpoint: 25 });
    const lists: (() => Promise<unknown>)[] = [
      () => stripe.customers.list({ limit: 1 }),
      () => stripe.products.list({ limit: 1 }),
      () => stripe.prices.list({ limit: 1 }),
      () => stripe.subscriptions.list({ limit: 1 }),
      () => stripe.invoices.list({ limit: 1 }),
      () => stripe.events.list({ limit: 1 }),
      () => stripe.paymentMethods.list({ limit: 1 }),
      () => stripe.checkout.sessions.list({ limit: 1 }),
    ];
    // Four endpoints at their 25 each: 100 requests, all within both limits.
    const within = await settle(lists.slice(0, 4).flatMap((call) => times(25, () => call)));
    expect(rateLimitErrors(within)).toHaveLength(0);
    // The account's 100 are spent, so fresh endpoints are refused by the global limiter.
    const over = await settle(lists.slice(4).flatMap((call) => times(10, () => call)));
    const limited = rateLimitErrors(over);
    expect(limited.length).toBeGreaterThan(0);
    expect(new Set(limited.map((e) => e.headers?.['stripe-rate-limited-reason']))).toEqual(new Set(['global-rate']));
    // And one endpoint past 25 is refused by its own limiter.
    emulator.rateLimit.set('live');
    const burst = await settle(times(60, () => () => stripe.customers.list({ limit: 1 })));
    const endpointLimited = rateLimitErrors(burst);
    expect(endpointLimited.length).toBeGreaterThan(0);
    expect(endpointLimited.every((e) => e.headers?.['stripe-rate-limited-reason'] === 'endpoint-rate')).toBe(true);
  });

  it('a refused POST does nothing and does not burn its Idempotency-Key', async () => {
    emulator.rateLimit.set('test');
    await settle(times(25, () => () => stripe.products.list({ limit: 1 })));
    const refused = await stripe.customers.create({ email: 'later@example.com' }, { idempotencyKey: 'create-later' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    emulator.rateLimit.set('off');
    expect((await stripe.customers.list({ email: 'later@example.com' })).data).toHaveLength(0);
    const created = await stripe.customers.create({ email: 'later@example.com' }, { idempotencyKey: 'create-later' });
    expect(created.email).toBe('later@example.com');
  });

  it('can be set at start, and switched and read over HTTP', async () => {
    const limited = await startStripeEmulator({ port: 0, rateLimit: 'live' });
    try {
      expect(limited.rateLimit.mode()).toBe('live');
      const read = await fetch(`${limited.url}/_emulator/rate-limit`).then((r) => r.json());
      expect(read).toEqual({ mode: 'live', limits: { global: 100, endpoint: 25 } });
      const set = await fetch(`${limited.url}/_emulator/rate-limit`, { method: 'POST', body: JSON.stringify({ mode: 'test' }) });
      expect(await set.json()).toEqual({ mode: 'test', limits: { global: 25, endpoint: 25 } });
      expect(limited.rateLimit.mode()).toBe('test');
      const bad = await fetch(`${limited.url}/_emulator/rate-limit`, { method: 'POST', body: JSON.stringify({ mode: 'fast' }) });
      expect(bad.status).toBe(400);
      expect(limited.rateLimit.mode()).toBe('test');
      await fetch(`${limited.url}/_emulator/rate-limit`, { method: 'POST', body: JSON.stringify({ mode: 'off' }) });
      expect(limited.rateLimit.mode()).toBe('off');
    } finally {
      await limited.stop();
    }
  });
});

describe('request counters', () => {
  it('count /v1 requests per endpoint pattern, not hosted pages or controls, and reset', async () => {
    const a = await stripe.customers.create({ email: 'a@example.com' });
    const b = await stripe.customers.create({ email: 'b@example.com' });
    await stripe.customers.retrieve(a.id);
    await stripe.customers.retrieve(b.id);
    await stripe.customers.update(b.id, { name: 'B' });
    await stripe.customers.list({ limit: 2 });
    await stripe.products.retrieve('prod_missing').catch(() => null);
    await fetch(`${emulator.url}/v1/nothing_here`, { headers: { Authorization: 'Bearer sk_test_x' } });
    await fetch(`${emulator.url}/_emulator/health`);
    await fetch(`${emulator.url}/i/in_missing`);

    const stats = await fetch(`${emulator.url}/_emulator/stats`).then((r) => r.json());
    expect(stats).toEqual({
      requests: 8,
      rateLimited: 0,
      endpoints: {
        'GET (unrecognized)': { requests: 1, rateLimited: 0 },
        'GET /v1/customers': { requests: 1, rateLimited: 0 },
        'GET /v1/customers/:id': { requests: 2, rateLimited: 0 },
        'GET /v1/products/:id': { requests: 1, rateLimited: 0 },
        'POST /v1/customers': { requests: 2, rateLimited: 0 },
        'POST /v1/customers/:id': { requests: 1, rateLimited: 0 },
      },
      since: emulator.stats.read().since,
    });

    const reset = await fetch(`${emulator.url}/_emulator/stats/reset`, { method: 'POST' }).then((r) => r.json());
    expect(reset).toMatchObject({ requests: 0, rateLimited: 0, endpoints: {} });
    await stripe.customers.retrieve(a.id);
    expect(emulator.stats.read()).toMatchObject({ requests: 1, endpoints: { 'GET /v1/customers/:id': { requests: 1, rateLimited: 0 } } });
    emulator.stats.reset();
    expect(emulator.stats.read().requests).toBe(0);
  });

  it('the Date header follows the emulator clock', async () => {
    await emulator.clock.advance(40 * 86400);
    const response = await fetch(`${emulator.url}/v1/customers`, { headers: { Authorization: 'Bearer sk_test_x' } });
    const date = Date.parse(response.headers.get('date') ?? '') / 1000;
    expect(Math.abs(date - emulator.clock.now())).toBeLessThanOrEqual(1);
    expect(date - Date.now() / 1000).toBeGreaterThan(39 * 86400);
  });
});
