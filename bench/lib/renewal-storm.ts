// `npm run bench:webhooks -- --scenario=storm [--rate-limit=live|test|off --cron=60 --settle=600]`: a renewal storm. --customers (default 5000)
// subscribers whose subscriptions all renew within one hour; the emulator's clock moves a month,
// and every renewal's events reach the app as Stripe would deliver them (duplicates, out of
// order, refusals retried), with the emulator enforcing Stripe's live-mode rate limit. Prints
// the acknowledgement rate, Stripe requests per event, 429s, how long until every customer's
// rows equal Stripe's, and the mismatches (the script fails on any).
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type Stripe from 'stripe';
import { createSubscribers, type Subscriber } from './bulk-subscribers';
import { deliverLikeStripe, deliveryOrder, handledEvents, orderArg, signDelivery, createPoster } from './deliveries';
import { cpuSecondsByProcess, cpuSecondsOf, cpuSecondsSince, ownCpuSeconds } from './process-cpu';
import { summarizeProfile } from './profile';
import { differences, readDatabaseState, readStripeState, watchConvergence, POLL_MS } from './rows-against-stripe';
import { createStack, numberArg, type DbKind, type Stack } from './stack';
import { ms, summarize } from './stats';
import type { RateLimitMode } from 'stripe-emulator';

const customerCount = numberArg('customers', 5000);
const concurrency = numberArg('concurrency', 32);
const duplicateShare = numberArg('duplicates', 0.1);
/** How long to keep polling the rows after the last acknowledgement before counting what still differs. */
const settleSeconds = numberArg('settle', 600);
/** How often the sweeper and reconciliation run, as Vercel Cron calls them (once a minute at most). */
const cronSeconds = numberArg('cron', 60);
const order = orderArg();
const profile = process.argv.includes('--profile');
const rateLimit = ((value = process.argv.find((a) => a.startsWith('--rate-limit='))?.slice('--rate-limit='.length) ?? 'live'): RateLimitMode => {
  if (value !== 'live' && value !== 'test' && value !== 'off') throw new Error('--rate-limit must be live, test or off');
  return value;
})();

const seconds = (from: number, to = performance.now()) => (to - from) / 1000;
const count = <T>(items: readonly T[], key: (item: T) => string) =>
  [...items.reduce((m, item) => m.set(key(item), (m.get(key(item)) ?? 0) + 1), new Map<string, number>())].map(([k, n]) => `${k} ${n}`).join(', ');

/** GET /api/cron/stripe every `cronSeconds` while `running()`, as Vercel Cron does; returns each run's status and answer. */
async function runCron(stack: Stack, running: () => boolean): Promise<string[]> {
  const runs: string[] = [];
  for (;;) {
    for (let waited = 0; waited < cronSeconds * 1000 && running(); waited += 250) await new Promise((resolve) => setTimeout(resolve, 250));
    if (!running()) return runs;
    const response = await fetch(`${stack.appUrl}/api/cron/stripe`, { headers: { authorization: `Bearer ${stack.cronSecret}` } });
    runs.push(`${response.status} ${await response.text()}`);
  }
}

/**
 * PostgreSQL's own counters: entitlement summaries written (every full sync writes one) and
 * transactions run (each statement outside a transaction counts as one: about one round trip).
 */
async function databaseCounters(stack: Stack): Promise<{ summaries: number; transactions: number }> {
  await new Promise((resolve) => setTimeout(resolve, 1200)); // statistics reach the views within a second
  const [summaries, transactions] = stack
    .psql(
      `select (select n_tup_ins + n_tup_upd from pg_stat_user_tables where relname = 'entitlement_summary'),
              (select xact_commit + xact_rollback from pg_stat_database where datname = current_database())`,
    )
    .split('|')
    .map(Number);
  return { summaries: summaries ?? Number.NaN, transactions: transactions ?? Number.NaN };
}

export async function stormBench(db: DbKind): Promise<string> {
  if (db !== 'postgres') throw new Error('the renewal storm runs on PostgreSQL (--db=postgres), directly or through PgBouncer');
  const stack = await createStack(db);
  const profileDir = path.resolve('bench/profiles');
  try {
    const setupStarted = performance.now();
    const subscribers: Subscriber[] = await createSubscribers(stack, customerCount);
    const subscribedSeconds = seconds(setupStarted);

    // The storm: the emulator's clock moves past every period's end, renewing them all.
    const advanceStarted = performance.now();
    const before = stack.emulator.clock.now();
    const lastPeriodEnd = Math.max(...subscribers.map((s) => s.periodEnd));
    await stack.emulator.clock.advance(lastPeriodEnd + 60 - before);
    const advanceSeconds = seconds(advanceStarted);
    const events = await handledEvents(stack.stripe, before);
    // Stripe's state no longer moves (the next due work is a retry days away): read it once, now,
    // so that polling our rows during the storm costs Stripe nothing.
    const expected = await readStripeState(stack.stripe, subscribers.map((s) => s.customerId));
    const setupSeconds = seconds(setupStarted);

    const { posts, duplicates } = deliveryOrder(events, { order, duplicateShare, spread: concurrency });
    // Each attempt is signed when sent (a retry may come minutes later); the body is made once.
    const payloads = new Map(events.map((event) => [event.id, JSON.stringify(event)]));
    if (profile) {
      rmSync(profileDir, { recursive: true, force: true });
      mkdirSync(profileDir, { recursive: true });
    }
    // The server spends Stripe's budget as it would against real Stripe with a key of that mode.
    await stack.startApp(profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [], { STRIPE_RATE_LIMIT: rateLimit });
    const pooled = stack.pooled();
    const url = `${stack.appUrl}/api/stripe/webhook`;
    // Warm-up outside the measurement: the route's first compile-and-connect.
    await createPoster(1)(url, { payload: '{}', signature: 't=0,v1=0' });

    const serverPid = stack.serverPid();
    const countersBefore = await databaseCounters(stack);
    const cpuBefore = {
      server: cpuSecondsOf(serverPid),
      bench: ownCpuSeconds(),
      // The server is shared: only the backends serving this run's database.
      postgres: cpuSecondsByProcess('postgres', stack.databaseName),
      pgbouncer: cpuSecondsByProcess('pgbouncer'),
    };
    // Stripe's limits from here on; set-up and the bench's own reads of Stripe ran without them.
    stack.emulator.stats.reset();
    stack.emulator.rateLimit.set(rateLimit);
    const started = performance.now();
    let deliveredAt: number | null = null;
    let settled = false;
    const convergence = watchConvergence(expected, started, () => deliveredAt !== null && seconds(deliveredAt) > settleSeconds).finally(() => (settled = true));
    const cron = runCron(stack, () => !settled);
    const tally = await deliverLikeStripe(url, posts, (event: Stripe.Event) => signDelivery(stack.stripe, stack.webhookSecret, event, payloads.get(event.id)), { concurrency });
    deliveredAt = performance.now();
    // The server's and this process's CPU while acknowledging (the server's after() work included).
    const cpuAcknowledging = { server: cpuSecondsOf(serverPid) - cpuBefore.server, bench: ownCpuSeconds() - cpuBefore.bench };
    const converged = await convergence;
    const cronRuns = await cron;
    const stripeStats = stack.emulator.stats.read();
    stack.emulator.rateLimit.set('off');
    const cpu = {
      server: cpuSecondsOf(serverPid) - cpuBefore.server,
      bench: ownCpuSeconds() - cpuBefore.bench,
      postgres: cpuSecondsSince(cpuBefore.postgres, 'postgres', stack.databaseName),
      pgbouncer: pooled ? cpuSecondsSince(cpuBefore.pgbouncer, 'pgbouncer') : 0,
    };
    const wall = seconds(started);
    const countersAfter = await databaseCounters(stack);
    const summaries = countersAfter.summaries - countersBefore.summaries;
    // Not the app's: the psql of the second reading, and each poll's three queries.
    const transactions = countersAfter.transactions - countersBefore.transactions - 1 - 3 * converged.polls;
    const [unprocessed, attempts] = stack.psql(`select count(*) filter (where processed_at is null), coalesce(sum(attempts), 0) from stripe_event`).split('|');
    if (profile) await stack.stopApp();

    // The final word: Stripe read again, our rows against it.
    const now = await readStripeState(stack.stripe, subscribers.map((s) => s.customerId));
    const stripeMoved = differences(expected, now).length;
    const problems = differences(now, await readDatabaseState());
    const mismatched = new Set(problems.map((p) => p.split(' ')[0])).size;

    const latency = summarize(tally.latencies);
    const refused = [...tally.refused].map(([status, n]) => `${n} × ${status || 'connection error'}`).join(', ');
    const lines = [
      `${db}${pooled ? ' through a pooler (PgBouncer)' : ', direct'}: renewal storm, ${subscribers.length} customers renewing within one hour (${count(subscribers, (s) => s.fate)})`,
      `  set-up ${setupSeconds.toFixed(1)} s: subscribers and first syncs ${subscribedSeconds.toFixed(1)} s, the month's clock advance ${advanceSeconds.toFixed(1)} s, events and Stripe's state ${(setupSeconds - subscribedSeconds - advanceSeconds).toFixed(1)} s`,
      `  ${events.length} events (${count(events, (e) => e.type)})`,
      `  + ${duplicates} duplicates, ${order === 'stripe' ? 'in roughly the order Stripe sends' : 'shuffled'}: ${posts.length} posts, ${concurrency} at a time`,
      `  acknowledged: ${(tally.acknowledged / (tally.elapsedMs / 1000)).toFixed(1)} events/s (${tally.acknowledged} 2xx in ${(tally.elapsedMs / 1000).toFixed(2)} s; target ≥ 1000/s); latency p50 ${ms(latency.p50)}, p90 ${ms(latency.p90)}, p99 ${ms(latency.p99)}, max ${ms(latency.max)}`,
      `  refused and retried: ${refused || 'none'}${tally.abandoned ? `; abandoned after every retry: ${tally.abandoned}` : ''}`,
      `  Stripe requests: ${stripeStats.requests}, ${(stripeStats.requests / events.length).toFixed(2)} per event (${(stripeStats.requests / posts.length).toFixed(2)} per post); ${rateLimit} rate limit, 429s: ${stripeStats.rateLimited}`,
      `    ${Object.entries(stripeStats.endpoints)
        .sort(([, a], [, b]) => b.requests - a.requests)
        .map(([endpoint, e]) => `${endpoint} ${e.requests}${e.rateLimited ? ` (${e.rateLimited} × 429)` : ''}`)
        .join(', ')}`,
      `  database: ${transactions} transactions, ${(transactions / posts.length).toFixed(1)} per post; entitlement summaries written (one per full sync): ${summaries}; inbox: ${attempts} processing attempts, ${unprocessed} events unprocessed at the end`,
      `  cron runs (every ${cronSeconds} s): ${cronRuns.length ? cronRuns.join('; ') : 'none'}`,
      `  rows equal Stripe's for every customer: ${converged.atMs === null ? `NOT within ${settleSeconds} s of the last acknowledgement` : `${(converged.atMs / 1000).toFixed(1)} s after the first post`} (${converged.polls} polls, every ${POLL_MS} ms)`,
      `  CPU while acknowledging (${(tally.elapsedMs / 1000).toFixed(1)} s): next start ${cpuAcknowledging.server.toFixed(1)} s (${((1000 * cpuAcknowledging.server) / posts.length).toFixed(2)} ms per post, its after() work included), this process ${cpuAcknowledging.bench.toFixed(1)} s`,
      `  CPU during the storm: next start ${cpu.server.toFixed(1)} s, this process (emulator + poster + polling) ${cpu.bench.toFixed(1)} s, PostgreSQL (this database's backends) ${cpu.postgres.toFixed(1)} s${pooled ? `, PgBouncer ${cpu.pgbouncer.toFixed(1)} s` : ''} (wall ${wall.toFixed(1)} s × 2 cores)`,
      ...(stripeMoved ? [`  note: Stripe's state moved for ${stripeMoved} customers during the storm`] : []),
      `  mismatches: ${mismatched}${mismatched ? ' customers' : ''}`,
      ...problems.slice(0, 10).map((p) => `    ${p}`),
    ];
    if (profile) {
      const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
      lines.push(file ? summarizeProfile(path.join(profileDir, file)) : '  (no CPU profile was written)');
    }
    if (mismatched > 0 || tally.abandoned > 0 || converged.atMs === null) process.exitCode = 1;
    return lines.join('\n');
  } finally {
    await stack.stop();
  }
}
