// `npm run bench:webhooks [-- --db=postgres|pglite|both --customers=200 --concurrency=32 --duplicates=0.1 --order=stripe|shuffled --settle=120 --profile]`
// `npm run bench:webhooks -- --scenario=storm [--customers=5000 …]`: the renewal storm, on
// PostgreSQL (bench/lib/renewal-storm.ts).
//
// Webhook ingest rate. The emulator plays a realistic month for M customers through the app's
// own code (checkout, upgrades, cancellations, resumes, failing cards, then renewals), with
// webhook delivery off. Then every event an endpoint subscribed to the handled types would get
// is signed, a share is duplicated, and it is all posted concurrently to the real route of
// `next start`: by default roughly as Stripe sends (in the order things happened, each event
// moved by up to --concurrency places, each duplicate a retry some way after its original);
// with --order=shuffled in a uniformly random order, the worst case for coalescing syncs.
// Prints events/s, p50 and p99, then waits for every customer's rows to equal the emulator's
// state (the route processes after answering). --profile writes a CPU profile of the server and
// summarizes it.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createPoster, deliveryOrder, handledEvents, orderArg, pool, signDelivery, type Delivery } from './lib/deliveries';
import { cpuSecondsByProcess, cpuSecondsOf, cpuSecondsSince } from './lib/process-cpu';
import { summarizeProfile } from './lib/profile';
import { differences, readDatabaseState, readStripeState, watchConvergence } from './lib/rows-against-stripe';
import { createStack, forEachDatabase, header, numberArg, type DbKind, type Stack } from './lib/stack';
import { ms, summarize } from './lib/stats';
import { checkout, createUser, type BenchUser } from './lib/users';

const customerCount = numberArg('customers', 200);
const concurrency = numberArg('concurrency', 32);
const duplicateShare = numberArg('duplicates', 0.1);
const profile = process.argv.includes('--profile');
const order = orderArg();
/** How long to wait after the last answer for the rows to equal Stripe's before counting what still differs. */
const settleSeconds = numberArg('settle', 120);
const DAY = 86_400;

/** When the process at `pid` stopped using CPU (under 2 % of a core for a second), as a performance.now() time; gives up after `limitSeconds`. */
async function waitForQuiet(pid: number, limitSeconds: number): Promise<number> {
  const giveUpAt = performance.now() + limitSeconds * 1000;
  let quietSince: number | null = null;
  let last = cpuSecondsOf(pid);
  while (performance.now() < giveUpAt) {
    const at = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = cpuSecondsOf(pid);
    if (now - last < 0.005) quietSince ??= at;
    else quietSince = null;
    last = now;
    if (quietSince !== null && performance.now() - quietSince >= 1000) return quietSince;
  }
  return performance.now();
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
    const events = await handledEvents(stack.stripe);
    // Everything the webhooks must rebuild starts empty: the set-up syncs do not count.
    const { getDb } = await import('@/db/client');
    const schema = await import('@/db/schema');
    await getDb().delete(schema.subscriptions);
    await getDb().delete(schema.entitlementSummaries);
    await getDb().delete(schema.stripeEvents);
    await getDb().delete(schema.invoices);
    const setupSeconds = (performance.now() - setupStarted) / 1000;

    // Stripe's state does not move while the events are posted: read once, then poll our rows only.
    const expected = await readStripeState(stack.stripe, users.map((u) => u.customerId));
    const byType = new Map<string, number>();
    for (const e of events) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
    const { posts, duplicates } = deliveryOrder(events, { order, duplicateShare, spread: concurrency });
    const deliveries = posts.map((event): Delivery => signDelivery(stack.stripe, stack.webhookSecret, event));
    const post = createPoster(concurrency);

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
    const cpuBefore = { server: cpuSecondsOf(serverPid), bench: process.cpuUsage(), postgres: cpuSecondsByProcess('postgres', stack.databaseName) };
    const started = performance.now();
    const results = await pool(deliveries, concurrency, (delivery) => post(url, delivery));
    const seconds = (performance.now() - started) / 1000;
    const cpu = {
      server: cpuSecondsOf(serverPid) - cpuBefore.server,
      bench: (() => {
        const u = process.cpuUsage(cpuBefore.bench);
        return (u.user + u.system) / 1e6;
      })(),
      postgres: db === 'postgres' ? cpuSecondsSince(cpuBefore.postgres, 'postgres', stack.databaseName) : 0,
    };

    // The route answers once the event is stored; its sync runs after the response. PostgreSQL's
    // rows are polled until they are Stripe's; PGlite's folder is the server's alone until it
    // stops, so there the wait is for the server to go quiet.
    const ended = performance.now();
    const converged =
      db === 'postgres'
        ? await watchConvergence(expected, started, () => (performance.now() - ended) / 1000 > settleSeconds)
        : { atMs: (await waitForQuiet(serverPid, settleSeconds)) - started, polls: 0 };
    const syncs = db === 'postgres' ? (await syncCount(stack)) - syncsBefore : null;
    const failed = results.filter((r) => r.status !== 200);
    const latency = summarize(results.map((r) => r.ms));
    if (db === 'pglite' || profile) await stack.stopApp();
    const problems = differences(await readStripeState(stack.stripe, users.map((u) => u.customerId)), await readDatabaseState());

    const lines = [
      `${db}: ${users.length} customers, ${events.length} events (${[...byType].map(([t, n]) => `${t} ${n}`).join(', ')})`,
      `  + ${duplicates} duplicates, ${order === 'stripe' ? 'in roughly the order Stripe sends' : 'shuffled'}: ${deliveries.length} posts, ${concurrency} at a time (set-up ${setupSeconds.toFixed(1)} s)`,
      `  ${(deliveries.length / seconds).toFixed(1)} events/s over ${seconds.toFixed(2)} s; latency p50 ${ms(latency.p50)}, p90 ${ms(latency.p90)}, p99 ${ms(latency.p99)}, max ${ms(latency.max)}`,
      ...(syncs === null ? [] : [`  customer syncs run: ${syncs} for ${deliveries.length} posts (the rest were duplicates or joined a sync of the same customer)`]),
      db === 'postgres'
        ? `  rows equal Stripe's for every customer: ${converged.atMs === null ? `NOT within ${settleSeconds} s of the last answer` : `${(converged.atMs / 1000).toFixed(2)} s after the first post`}`
        : `  server quiet (syncs done) ${((converged.atMs ?? 0) / 1000).toFixed(2)} s after the first post`,
      `  non-200 answers: ${failed.length}${failed.length ? ` (${[...new Set(failed.map((f) => f.status))].join(', ')})` : ''}`,
      `  CPU during the run: next start ${cpu.server.toFixed(1)} s, this process (emulator + poster) ${cpu.bench.toFixed(1)} s${db === 'postgres' ? `, PostgreSQL ${cpu.postgres.toFixed(1)} s` : ''} (wall ${seconds.toFixed(1)} s × 2 cores)`,
      `  rows against Stripe: ${problems.length === 0 ? `all ${users.length} customers match` : `${problems.length} mismatches`}`,
      ...problems.slice(0, 10).map((p) => `    ${p}`),
    ];
    if (profile) {
      const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
      lines.push(file ? summarizeProfile(path.join(profileDir, file)) : '  (no CPU profile was written)');
    }
    if (problems.length > 0 || failed.length > 0 || converged.atMs === null) process.exitCode = 1;
    return lines.join('\n');
  } finally {
    await stack.stop();
  }
}

const scenario = process.argv.find((a) => a.startsWith('--scenario='))?.slice('--scenario='.length) ?? 'month';
if (scenario !== 'month' && scenario !== 'storm') throw new Error('--scenario must be month or storm');

header('bench:webhooks');
if (scenario === 'storm') {
  const { stormBench } = await import('./lib/renewal-storm');
  await forEachDatabase(async (db) => console.log(`${await stormBench(db)}\n`), ['postgres']);
} else {
  await forEachDatabase(async (db) => console.log(`${await benchDatabase(db)}\n`));
}
process.exit(process.exitCode ?? 0);
