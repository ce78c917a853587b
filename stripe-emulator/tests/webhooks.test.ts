import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStripeEmulator, type StripeEmulator } from '../src/index.js';
import { startReceiver, WEBHOOK_SECRET, type Receiver } from './support/harness.js';

let emulator: StripeEmulator;
let stripe: Stripe;
let receiver: Receiver;

beforeEach(async () => {
  receiver = await startReceiver();
  emulator = await startStripeEmulator({ port: 0, webhookEndpoints: [{ url: receiver.url, secret: WEBHOOK_SECRET }] });
  stripe = new Stripe('sk_test_webhooks', { ...emulator.stripeConfig, maxNetworkRetries: 0 });
});
afterEach(async () => {
  await emulator.stop();
  await receiver.close();
});

async function makeCustomers(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await stripe.customers.create({ email: `w${i}@example.com` })).id);
  return ids;
}

describe('webhook delivery', () => {
  it('signs every event so stripe.webhooks.constructEvent accepts it', async () => {
    const [id] = await makeCustomers(1);
    await emulator.webhooks.waitForIdle();
    expect(receiver.rejected).toBe(0);
    expect(receiver.events.map((e) => e.type)).toEqual(['customer.created']);
    const event = receiver.events[0];
    expect(event?.type === 'customer.created' ? event.data.object.id : null).toBe(id);
    expect(event?.api_version).toBe('2026-10-28.endive');
    expect(event?.request?.id).toMatch(/^req_/);
    expect((await stripe.events.retrieve(event?.id ?? '')).pending_webhooks).toBe(0);
  });

  it('a wrong secret fails verification (the signature is real)', async () => {
    const other = await startReceiver('whsec_some_other_secret');
    const second = await startStripeEmulator({ port: 0, webhookEndpoints: [{ url: other.url, secret: WEBHOOK_SECRET }] });
    await new Stripe('sk_test_x', { ...second.stripeConfig }).customers.create({ email: 'x@example.com' });
    await second.webhooks.flush();
    expect(other.rejected).toBe(1);
    expect(other.events).toHaveLength(0);
    await second.stop();
    await other.close();
  });

  it('retries non-2xx answers with backoff until delivered', async () => {
    receiver.failNext.push(500, 503);
    await makeCustomers(1);
    await emulator.webhooks.waitForIdle();
    expect(receiver.events).toHaveLength(1);
    const [delivery] = emulator.webhooks.deliveries();
    expect(delivery).toMatchObject({ type: 'customer.created', status: 200, attempts: 3 });
  });

  it('retries network errors and gives up after bounded attempts', async () => {
    const calls: number[] = [];
    const failing = await startStripeEmulator({
      port: 0,
      webhookEndpoints: [{ url: 'http://127.0.0.1:9/unreachable', secret: WEBHOOK_SECRET }],
      fetch: async () => {
        calls.push(Date.now());
        throw new TypeError('fetch failed');
      },
    });
    await new Stripe('sk_test_x', { ...failing.stripeConfig }).customers.create({ email: 'x@example.com' });
    // flush() delivers pending retries at once instead of waiting out the backoff.
    for (let i = 0; i < 8; i++) await failing.webhooks.flush();
    await failing.webhooks.waitForIdle();
    const [delivery] = failing.webhooks.deliveries();
    expect(delivery?.status).toBeNull();
    expect(delivery?.attempts).toBe(calls.length);
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.length).toBe(5);
    await failing.stop();
  });

  it('delivers every event twice with setDuplicate', async () => {
    emulator.webhooks.setDuplicate(true);
    await makeCustomers(2);
    await emulator.webhooks.waitForIdle();
    const ids = receiver.events.map((e) => e.id);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(2);
  });

  it('holds deliveries while paused; flush delivers them even then; resume continues', async () => {
    emulator.webhooks.pause();
    await makeCustomers(2);
    await new Promise((r) => setTimeout(r, 30));
    expect(receiver.events).toHaveLength(0);
    expect(emulator.webhooks.deliveries()).toHaveLength(0);
    await emulator.webhooks.flush();
    expect(receiver.events).toHaveLength(2);
    expect(emulator.webhooks.deliveries().map((d) => d.status)).toEqual([200, 200]);
    await makeCustomers(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(receiver.events).toHaveLength(2);
    emulator.webhooks.resume();
    await emulator.webhooks.waitForIdle();
    expect(receiver.events).toHaveLength(3);
  });

  it('shuffles a queued batch with setShuffle', async () => {
    emulator.webhooks.pause();
    emulator.webhooks.setShuffle(true);
    const ids = await makeCustomers(12);
    await emulator.webhooks.flush();
    const order = receiver.events.map((e) => (e.type === 'customer.created' ? e.data.object.id : ''));
    expect([...order].sort()).toEqual([...ids].sort());
    // 12! orders: the chance of the original order surviving a fair shuffle is negligible.
    expect(order).not.toEqual(ids);
  });

  it('waits setDelayMs before each delivery', async () => {
    emulator.webhooks.setDelayMs(60);
    const start = Date.now();
    await makeCustomers(2);
    await emulator.webhooks.waitForIdle();
    expect(Date.now() - start).toBeGreaterThanOrEqual(110);
    expect(receiver.events).toHaveLength(2);
  });

  it('delivers to endpoints created through the API with their own whsec_ secret, filtered by enabled_events', async () => {
    const own = await startReceiver('placeholder');
    const endpoint = await stripe.webhookEndpoints.create({ url: own.url, enabled_events: ['product.created'] });
    expect(endpoint.secret).toMatch(/^whsec_/);
    await own.close();
    const apiReceiver = await startReceiver(endpoint.secret);
    await stripe.webhookEndpoints.update(endpoint.id, { url: apiReceiver.url });
    await stripe.customers.create({ email: 'skip@example.com' });
    await stripe.products.create({ name: 'Delivered' });
    await emulator.webhooks.waitForIdle();
    expect(apiReceiver.events.map((e) => e.type)).toEqual(['product.created']);
    expect((await stripe.webhookEndpoints.list()).data.map((e) => e.id)).toEqual([endpoint.id]);
    expect((await stripe.webhookEndpoints.list()).data[0]?.secret).toBeUndefined();
    expect((await stripe.webhookEndpoints.del(endpoint.id)).deleted).toBe(true);
    await apiReceiver.close();
  });

  it('uses an injected fetch instead of the network', async () => {
    const seen: string[] = [];
    const inProcess = await startStripeEmulator({
      port: 0,
      webhookEndpoints: [{ url: 'http://app.internal/api/stripe/webhook', secret: WEBHOOK_SECRET }],
      fetch: async (input, init) => {
        const body = String(init?.body ?? '');
        const headers = new Headers(init?.headers);
        const event = stripe.webhooks.constructEvent(body, headers.get('stripe-signature') ?? '', WEBHOOK_SECRET);
        seen.push(`${String(input)} ${event.type}`);
        return new Response('ok');
      },
    });
    await new Stripe('sk_test_x', { ...inProcess.stripeConfig }).customers.create({ email: 'x@example.com' });
    await inProcess.webhooks.waitForIdle();
    expect(seen).toEqual(['http://app.internal/api/stripe/webhook customer.created']);
    await inProcess.stop();
  });
});

describe('HTTP controls', () => {
  it('exposes health, webhook switches, deliveries and the clock under /_emulator', async () => {
    const health = await fetch(`${emulator.url}/_emulator/health`);
    expect(health.status).toBe(200);
    const post = (path: string, body?: unknown): Promise<Response> =>
      fetch(`${emulator.url}/_emulator/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body === undefined ? '' : JSON.stringify(body) });
    expect((await post('webhooks/pause')).status).toBe(200);
    await makeCustomers(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(receiver.events).toHaveLength(0);
    const config = await post('webhooks/config', { duplicate: true, shuffle: false, delayMs: 0 });
    expect(await config.json()).toMatchObject({ duplicate: true, shuffle: false, delayMs: 0, paused: true });
    await post('webhooks/flush');
    expect(receiver.events).toHaveLength(1);
    await post('webhooks/resume');
    const deliveries: { data: { eventId: string; status: number | null }[] } = await (await fetch(`${emulator.url}/_emulator/webhooks/deliveries`)).json();
    expect(deliveries.data).toEqual([expect.objectContaining({ status: 200, eventId: receiver.events[0]?.id })]);
    const before = emulator.clock.now();
    const advanced: { now: number } = await (await post('clock/advance', { seconds: 3600 })).json();
    expect(advanced.now).toBeGreaterThanOrEqual(before + 3600);
    expect((await post('clock/advance', { seconds: 'soon' })).status).toBe(400);
  });
});
