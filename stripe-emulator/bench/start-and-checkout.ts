/**
 * What one emulator costs a test file: `npm run bench -w stripe-emulator [-- --starts=30 --lifecycles=50]`.
 *
 * 1. Start-up: `startStripeEmulator({ port: 0 })` until it listens, until the first SDK request is
 *    answered, and `stop()`; median and 90th percentile of N starts in this process.
 * 2. Memory: the process's heap and RSS before the first start and with one emulator holding a
 *    finished lifecycle (run with `node --expose-gc` semantics: tsx passes `--expose-gc` through).
 * 3. A full checkout lifecycle through the real stripe SDK against one emulator with a webhook
 *    receiver that verifies every signature: customer, Checkout Session, payment by posting the
 *    hosted page's form (as a browser would), subscription active, invoice paid, entitlements
 *    listed, cancel, every event delivered; median and p90 of M lifecycles.
 * 4. All of it once, as a test file would: start, catalog, one lifecycle, stop.
 *
 * Prints figures and asserts nothing about time (the README keeps the latest). Without the
 * stripe-emulator-source condition (`npm run build && npx tsx --expose-gc bench/start-and-checkout.ts`)
 * it measures the compiled dist/ a consumer installs.
 */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import Stripe from 'stripe';

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k ?? '', v ?? ''];
  }),
);
const STARTS = Number(args.get('starts') || 30);
const LIFECYCLES = Number(args.get('lifecycles') || 50);
const SECRET = 'whsec_bench';

const importStarted = performance.now();
const { startStripeEmulator } = await import('stripe-emulator');
const importMs = performance.now() - importStarted;

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect) {
    collect();
    collect();
  }
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
const ms = (v: number): string => `${v.toFixed(v < 10 ? 2 : 1)} ms`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const summary = (values: number[]): string => `median ${ms(quantile(values, 0.5))}, p90 ${ms(quantile(values, 0.9))}`;

interface Receiver {
  url: string;
  received: number;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const verifier = new Stripe('sk_test_verifier');
  const state = { received: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        verifier.webhooks.constructEvent(Buffer.concat(chunks).toString('utf8'), String(req.headers['stripe-signature'] ?? ''), SECRET);
        state.received += 1;
        res.writeHead(200).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return Object.assign(state, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

async function seedCatalog(stripe: Stripe): Promise<Stripe.Price> {
  const feature = await stripe.entitlements.features.create({ name: 'Reports', lookup_key: 'reports' });
  const product = await stripe.products.create({ name: 'Pro' });
  await stripe.products.createFeature(product.id, { entitlement_feature: feature.id });
  return stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' }, lookup_key: 'pro_monthly' });
}

/** One customer's whole checkout, as an app and a browser drive it; returns the requests made. */
async function lifecycle(stripe: Stripe, price: Stripe.Price, n: number): Promise<number> {
  const customer = await stripe.customers.create({ email: `bench${n}@example.com`, metadata: { userId: String(n) } });
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer: customer.id,
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: 'https://app.example/billing?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'https://app.example/pricing',
  });
  if (!session.url) throw new Error('the Checkout Session has no url');
  const page = await fetch(session.url);
  await page.text();
  const paid = await fetch(session.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ method: 'card', card_number: '4242 4242 4242 4242', card_exp: '12 / 34', card_cvc: '123' }),
    redirect: 'manual',
  });
  await paid.text();
  if (paid.status !== 303) throw new Error(`the hosted page answered ${paid.status}, not 303`);
  const completed = await stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription'] });
  const subscription = completed.subscription;
  if (!subscription || typeof subscription === 'string' || subscription.status !== 'active') throw new Error('the subscription is not active');
  const invoices = await stripe.invoices.list({ customer: customer.id });
  if (invoices.data[0]?.status !== 'paid') throw new Error('the first invoice is not paid');
  const entitlements = await stripe.entitlements.activeEntitlements.list({ customer: customer.id });
  if (entitlements.data[0]?.lookup_key !== 'reports') throw new Error('no entitlement');
  const canceled = await stripe.subscriptions.cancel(subscription.id);
  if (canceled.status !== 'canceled') throw new Error('the subscription is not canceled');
  return 8;
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

console.log(`stripe-emulator bench at ${commit()}: Node ${process.version}, ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`import of the package: ${ms(importMs)} (${import.meta.resolve('stripe-emulator').includes('/src/') ? 'TypeScript sources through tsx' : 'compiled dist/'})`);

// 1. Start-up.
gc();
const baseline = process.memoryUsage();
const listening: number[] = [];
const firstAnswer: number[] = [];
const stopping: number[] = [];
for (let i = 0; i < STARTS; i += 1) {
  const t0 = performance.now();
  const emulator = await startStripeEmulator({ port: 0 });
  const t1 = performance.now();
  await new Stripe('sk_test_bench', { ...emulator.stripeConfig, maxNetworkRetries: 0 }).customers.list({ limit: 1 });
  const t2 = performance.now();
  await emulator.stop();
  const t3 = performance.now();
  listening.push(t1 - t0);
  firstAnswer.push(t2 - t0);
  stopping.push(t3 - t2);
}
console.log(`\nstart-up, ${STARTS} starts (the first includes warm-up):`);
console.log(`  start → listening        ${summary(listening)} (first ${ms(listening[0] ?? NaN)})`);
console.log(`  start → first SDK answer ${summary(firstAnswer)} (first ${ms(firstAnswer[0] ?? NaN)})`);
console.log(`  stop()                   ${summary(stopping)}`);

// 3. Lifecycles on one emulator.
const receiver = await startReceiver();
const emulator = await startStripeEmulator({ port: 0, webhookEndpoints: [{ url: receiver.url, secret: SECRET }] });
const stripe = new Stripe('sk_test_bench', { ...emulator.stripeConfig, maxNetworkRetries: 0 });
const price = await seedCatalog(stripe);
await emulator.webhooks.waitForIdle();
const times: number[] = [];
const before = receiver.received;
let requests = 0;
const cpuBefore = process.cpuUsage();
for (let i = 0; i < LIFECYCLES; i += 1) {
  const t0 = performance.now();
  requests += await lifecycle(stripe, price, i);
  await emulator.webhooks.waitForIdle();
  times.push(performance.now() - t0);
}
const cpu = process.cpuUsage(cpuBefore);
const events = (receiver.received - before) / LIFECYCLES;
console.log(`\ncheckout lifecycle, ${LIFECYCLES} customers on one emulator (${requests / LIFECYCLES} HTTP requests and ${events} signed webhooks each, all delivered and verified):`);
console.log(`  lifecycle                ${summary(times)} (first ${ms(times[0] ?? NaN)})`);
console.log(`  CPU per lifecycle        ${ms((cpu.user + cpu.system) / 1000 / LIFECYCLES)} (emulator, SDK client and webhook receiver: one process)`);

// 2. Memory with one emulator that has done all that.
gc();
const loaded = process.memoryUsage();
console.log(`\nmemory (${(globalThis as { gc?: unknown }).gc ? 'after GC' : 'no --expose-gc: without a GC first'}):`);
console.log(`  before any emulator: heap ${mb(baseline.heapUsed)}, RSS ${mb(baseline.rss)}`);
console.log(`  one emulator holding ${LIFECYCLES} finished lifecycles: heap ${mb(loaded.heapUsed)} (+${mb(loaded.heapUsed - baseline.heapUsed)}), RSS ${mb(loaded.rss)}`);
await emulator.stop();
await receiver.close();

// 4. What a test file pays: start, catalog, one lifecycle, stop.
const perFile: number[] = [];
for (let i = 0; i < Math.min(STARTS, 20); i += 1) {
  const t0 = performance.now();
  const r = await startReceiver();
  const e = await startStripeEmulator({ port: 0, webhookEndpoints: [{ url: r.url, secret: SECRET }] });
  const s = new Stripe('sk_test_bench', { ...e.stripeConfig, maxNetworkRetries: 0 });
  await lifecycle(s, await seedCatalog(s), i);
  await e.webhooks.waitForIdle();
  await e.stop();
  await r.close();
  perFile.push(performance.now() - t0);
}
console.log(`\na test file's emulator (start, catalog of 4 objects, one lifecycle, stop), ${perFile.length} times:`);
console.log(`  ${summary(perFile)}`);
