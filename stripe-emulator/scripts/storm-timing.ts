/**
 * How long the emulator takes to set up and run a renewal storm: N customers with a saved card
 * and a monthly subscription created through the SDK, the clock advanced a month (every renewal
 * invoiced, paid and announced), then every event read back through `GET /v1/events`.
 * Not a test (no timed assertions); run `npx tsx stripe-emulator/scripts/storm-timing.ts [N]`.
 */
import Stripe from 'stripe';
import { startStripeEmulator } from '../src/index.js';

const count = Number(process.argv[2] ?? 5000);
const concurrency = 16;

async function inParallel(n: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await work(next++);
  }));
}

let cpuAt = process.cpuUsage();

/** Wall seconds since `since`, and CPU seconds of this process (SDK client and emulator) since the last call. */
function seconds(since: bigint): string {
  const cpu = process.cpuUsage(cpuAt);
  cpuAt = process.cpuUsage();
  return `${(Number(process.hrtime.bigint() - since) / 1e9).toFixed(2)}s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)}s CPU`;
}

const emulator = await startStripeEmulator({ port: 0 });
const stripe = new Stripe('sk_test_storm', { ...emulator.stripeConfig, maxNetworkRetries: 0, telemetry: false });
try {
  const product = await stripe.products.create({ name: 'Storm' });
  const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' } });

  cpuAt = process.cpuUsage();
  let t = process.hrtime.bigint();
  await inParallel(count, async (i) => {
    const customer = await stripe.customers.create({ email: `storm${i}@example.com` });
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
  });
  const setup = seconds(t);
  const requests = emulator.stats.read().requests;
  const eventsBefore = (await stripe.events.list({ limit: 1 })).data[0]?.id;
  console.log(`setup: ${count} customers + subscriptions, ${requests} requests in ${setup}`);

  t = process.hrtime.bigint();
  await emulator.clock.advance(32 * 86400);
  console.log(`advance 32 days: ${seconds(t)}`);

  t = process.hrtime.bigint();
  let pages = 0;
  let events = 0;
  const types = new Map<string, number>();
  for await (const event of stripe.events.list({ limit: 100, ending_before: eventsBefore })) {
    events++;
    types.set(event.type, (types.get(event.type) ?? 0) + 1);
  }
  pages = Math.ceil(events / 100);
  console.log(`listed ${events} renewal events in ~${pages} pages: ${seconds(t)}`);
  console.log([...types].map(([k, v]) => `${k} ${v}`).join(', '));

  t = process.hrtime.bigint();
  await inParallel(count, async (i) => {
    const customers = await stripe.customers.list({ email: `storm${i}@example.com`, limit: 1 });
    const customer = customers.data[0];
    if (!customer) throw new Error('missing customer');
    await stripe.subscriptions.list({ customer: customer.id, status: 'all', limit: 10 });
    await stripe.invoices.list({ customer: customer.id, limit: 10 });
  });
  console.log(`per-customer reads (customers by email, subscriptions, invoices): ${seconds(t)}`);
} finally {
  await emulator.stop();
}
