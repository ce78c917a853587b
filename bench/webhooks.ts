// `npm run bench:webhooks [-- --db=postgres|pglite|both --customers=200 --concurrency=32 --duplicates=0.1 --order=stripe|shuffled --profile]`
//
// Webhook ingest rate. The emulator plays a realistic month for M customers through the app's
// own code (checkout, upgrades, cancellations, resumes, failing cards, then renewals), with
// webhook delivery off. Then every event an endpoint subscribed to the handled types would get
// is signed, a share is duplicated, and it is all posted concurrently to the real route of
// `next start`: by default roughly as Stripe sends (in the order things happened, each event
// moved by up to --concurrency places, each duplicate a retry some way after its original);
// with --order=shuffled in a uniformly random order, the worst case for coalescing syncs. Prints events/s, p50 and p99, then checks every customer's rows
// against the emulator's state. --profile writes a CPU profile of the server and summarizes it.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import path from 'node:path';
import type Stripe from 'stripe';
import { summarizeProfile } from './lib/profile';
import { createStack, forEachDatabase, header, numberArg, type DbKind, type Stack } from './lib/stack';
import { ms, summarize } from './lib/stats';
import { checkout, createUser, type BenchUser } from './lib/users';

const customerCount = numberArg('customers', 200);
const concurrency = numberArg('concurrency', 32);
const duplicateShare = numberArg('duplicates', 0.1);
const profile = process.argv.includes('--profile');
const order = process.argv.find((a) => a.startsWith('--order='))?.slice('--order='.length) ?? 'stripe';
if (order !== 'stripe' && order !== 'shuffled') throw new Error('--order must be stripe or shuffled');
const DAY = 86_400;

/** Runs `work` over `items`, at most `limit` at a time. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as T, index);
      }
    }),
  );
  return results;
}

/** A month of billing for each customer, with the app's own functions. */
async function playLifecycles(stack: Stack): Promise<BenchUser[]> {
  const { syncStripeCustomer } = await import('@/lib/billing/sync/sync-customer');
  const { changePlan, previewPlanChange } = await import('@/lib/billing/plan-change');
  const { cancelAtPeriodEnd, resumeSubscription } = await import('@/lib/billing/cancellation');
  const run = Date.now().toString(36);
  const users = await pool(Array.from({ length: customerCount }, (_, i) => i), 8, async (i) => {
    const user = await createUser(`wh-${run}-${i}@bench.example`);
    const kind = i % 10;
    await checkout(stack.emulator, user, kind < 4 ? 'basic' : 'premium');
    // What the return page does; the lifecycle steps below read the local rows.
    await syncStripeCustomer(user.customerId);
    if (kind < 3) await changePlan(user.userId, 'premium', (await previewPlanChange(user.userId, 'premium')).previewId);
    if (kind === 5 || kind === 6) await cancelAtPeriodEnd(user.userId);
    if (kind === 6) await resumeSubscription(user.userId);
    if (kind === 7) {
      // Renewal will fail: a card that attaches but declines every charge.
      const failing = await stack.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: user.customerId });
      await stack.stripe.customers.update(user.customerId, { invoice_settings: { default_payment_method: failing.id } });
      const [sub] = (await stack.stripe.subscriptions.list({ customer: user.customerId, limit: 1 })).data;
      if (sub) await stack.stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
    }
    return user;
  });
  // Renewals (paid and failed), cancellations at period end, the first retries.
  await stack.emulator.clock.advance(35 * DAY);
  return users;
}

async function allEvents(stripe: Stripe): Promise<Stripe.Event[]> {
  const { HANDLED_EVENT_TYPES } = await import('@/lib/billing/sync/handled-events');
  const handled = new Set<string>(HANDLED_EVENT_TYPES);
  const events: Stripe.Event[] = [];
  // A real endpoint is subscribed to the handled types only; Stripe sends it nothing else.
  await stripe.events.list({ limit: 100 }).autoPagingEach((event) => {
    if (handled.has(event.type)) events.push(event);
  });
  return events;
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** Events (oldest first) with duplicates, in the order they are posted. */
function deliveryOrder(events: Stripe.Event[]): { posts: Stripe.Event[]; duplicates: number } {
  const duplicated = shuffle(events.map((_, i) => i)).slice(0, Math.round(events.length * duplicateShare));
  if (order === 'shuffled') return { posts: shuffle([...events, ...duplicated.map((i) => events[i] as Stripe.Event)]), duplicates: duplicated.length };
  const keyed = events.map((event, i) => ({ event, key: i + Math.random() * concurrency }));
  for (const i of duplicated) keyed.push({ event: events[i] as Stripe.Event, key: i + concurrency + Math.random() * 10 * concurrency });
  return { posts: keyed.sort((a, b) => a.key - b.key).map((k) => k.event), duplicates: duplicated.length };
}

type Delivery = { payload: string; signature: string };

// node:http with a keep-alive pool rather than fetch: the poster shares the two cores with the
// server, and undici's fetch costs it about twice the CPU per request on Node 20.
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

function post(url: string, delivery: Delivery): Promise<{ status: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const body = Buffer.from(delivery.payload);
    const req = request(url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': body.length, 'stripe-signature': delivery.signature },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Our rows for every customer against the emulator's state; returns the mismatches. */
async function compareWithStripe(stack: Stack, users: BenchUser[]): Promise<string[]> {
  const { getDb } = await import('@/db/client');
  const schema = await import('@/db/schema');
  const db = getDb();
  const subRows = await db.select().from(schema.subscriptions);
  const summaryRows = await db.select().from(schema.entitlementSummaries);
  const problems: string[] = [];
  await pool(users, 8, async (user) => {
    const subs = await stack.stripe.subscriptions.list({ customer: user.customerId, status: 'all', limit: 100 });
    const entitlements = await stack.stripe.entitlements.activeEntitlements.list({ customer: user.customerId, limit: 100 });
    const want = subs.data.map((s) => `${s.id}:${s.status}:${s.items.data[0]?.price.lookup_key}:${s.cancel_at_period_end}`).sort();
    const have = subRows
      .filter((r) => r.stripeCustomerId === user.customerId)
      .map((r) => `${r.id}:${r.status}:${r.priceLookupKey}:${r.cancelAtPeriodEnd}`)
      .sort();
    if (want.join() !== have.join()) problems.push(`${user.customerId} subscriptions: Stripe ${want.join(' ')} / ours ${have.join(' ')}`);
    const wantFeatures = [...new Set(entitlements.data.map((e) => e.lookup_key))].sort().join();
    const haveFeatures = (summaryRows.find((r) => r.stripeCustomerId === user.customerId)?.features ?? []).join();
    if (wantFeatures !== haveFeatures) problems.push(`${user.customerId} entitlements: Stripe [${wantFeatures}] / ours [${haveFeatures}]`);
  });
  return problems;
}

/** CPU seconds used so far by a process, from /proc (Linux). */
async function cpuSecondsOf(pid: number): Promise<number> {
  const { readFileSync } = await import('node:fs');
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function postgresCpuSeconds(): Promise<number> {
  const { readdirSync, readFileSync } = await import('node:fs');
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) continue;
      total += await cpuSecondsOf(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Every sync writes the customer's entitlement summary once: PostgreSQL's own counters say how many ran. */
async function syncCount(stack: Stack): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1200)); // statistics reach the view within a second
  return Number(stack.psql(`select n_tup_ins + n_tup_upd from pg_stat_user_tables where relname = 'entitlement_summary'`));
}

async function benchDatabase(db: DbKind): Promise<string> {
  const stack = await createStack(db);
  const profileDir = path.resolve('bench/profiles');
  try {
    const setupStarted = performance.now();
    const users = await playLifecycles(stack);
    const events = await allEvents(stack.stripe);
    // Everything the webhooks must rebuild starts empty: the set-up syncs do not count.
    const { getDb } = await import('@/db/client');
    const schema = await import('@/db/schema');
    await getDb().delete(schema.subscriptions);
    await getDb().delete(schema.entitlementSummaries);
    await getDb().delete(schema.stripeEvents);
    const setupSeconds = (performance.now() - setupStarted) / 1000;

    const byType = new Map<string, number>();
    for (const e of events) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
    const { posts, duplicates } = deliveryOrder([...events].reverse());
    const deliveries = posts.map((event): Delivery => {
      const payload = JSON.stringify(event);
      return { payload, signature: stack.stripe.webhooks.generateTestHeaderString({ payload, secret: stack.webhookSecret }) };
    });

    if (profile) {
      rmSync(profileDir, { recursive: true, force: true });
      mkdirSync(profileDir, { recursive: true });
    }
    await stack.startApp(profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
    const url = `${stack.appUrl}/api/stripe/webhook`;
    // Warm-up outside the measurement: the route's first compile-and-connect.
    await post(url, { payload: '{}', signature: 't=0,v1=0' });

    const serverPid = stack.serverPid();
    const syncsBefore = db === 'postgres' ? await syncCount(stack) : 0;
    const cpuBefore = { server: await cpuSecondsOf(serverPid), bench: process.cpuUsage(), postgres: await postgresCpuSeconds() };
    const started = performance.now();
    const results = await pool(deliveries, concurrency, (delivery) => post(url, delivery));
    const seconds = (performance.now() - started) / 1000;
    const cpu = {
      server: (await cpuSecondsOf(serverPid)) - cpuBefore.server,
      bench: (() => {
        const u = process.cpuUsage(cpuBefore.bench);
        return (u.user + u.system) / 1e6;
      })(),
      postgres: db === 'postgres' ? (await postgresCpuSeconds()) - cpuBefore.postgres : 0,
    };

    const syncs = db === 'postgres' ? (await syncCount(stack)) - syncsBefore : null;
    const failed = results.filter((r) => r.status !== 200);
    const latency = summarize(results.map((r) => r.ms));
    if (db === 'pglite' || profile) await stack.stopApp();
    const problems = await compareWithStripe(stack, users);

    const lines = [
      `${db}: ${users.length} customers, ${events.length} events (${[...byType].map(([t, n]) => `${t} ${n}`).join(', ')})`,
      `  + ${duplicates} duplicates, ${order === 'stripe' ? 'in roughly the order Stripe sends' : 'shuffled'}: ${deliveries.length} posts, ${concurrency} at a time (set-up ${setupSeconds.toFixed(1)} s)`,
      `  ${(deliveries.length / seconds).toFixed(1)} events/s over ${seconds.toFixed(2)} s; latency p50 ${ms(latency.p50)}, p90 ${ms(latency.p90)}, p99 ${ms(latency.p99)}, max ${ms(latency.max)}`,
      ...(syncs === null ? [] : [`  customer syncs run: ${syncs} for ${deliveries.length} posts (the rest were duplicates or joined a sync of the same customer)`]),
      `  non-200 answers: ${failed.length}${failed.length ? ` (${[...new Set(failed.map((f) => f.status))].join(', ')})` : ''}`,
      `  CPU during the run: next start ${cpu.server.toFixed(1)} s, this process (emulator + poster) ${cpu.bench.toFixed(1)} s${db === 'postgres' ? `, PostgreSQL ${cpu.postgres.toFixed(1)} s` : ''} (wall ${seconds.toFixed(1)} s × 2 cores)`,
      `  rows against Stripe: ${problems.length === 0 ? `all ${users.length} customers match` : `${problems.length} mismatches`}`,
      ...problems.slice(0, 10).map((p) => `    ${p}`),
    ];
    if (profile) {
      const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
      lines.push(file ? summarizeProfile(path.join(profileDir, file)) : '  (no CPU profile was written)');
    }
    if (problems.length > 0 || failed.length > 0) process.exitCode = 1;
    return lines.join('\n');
  } finally {
    await stack.stop();
  }
}

header('bench:webhooks');
await forEachDatabase(async (db) => console.log(`${await benchDatabase(db)}\n`));
process.exit(process.exitCode ?? 0);
