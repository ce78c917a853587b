// `npm run bench:gate [-- --db=pglite|postgres|both --rounds=8 --seconds=5 --connections=10 --users=10000]`
//
// What the entitlement gate costs. /premium (proxy.ts reads the user's entitlements from the
// database, and the page checks again) against /dashboard/premium-twin, the same page with the
// same session check and no entitlement check (it exists only in the benchmark build). One
// signed-in Premium subscriber among --users others (so the lookup is an index lookup in a table
// of realistic size), autocannon on loopback against `next start`, the two routes
// alternated in rounds so drift hits both alike. Two loads: saturated (many connections: the
// throughput ratio) and one connection (latency without queueing: the added p50/p99).
import autocannon from 'autocannon';
import { createStack, forEachDatabase, header, numberArg, type DbKind } from './lib/stack';
import { ms, percentile, summarize, table, type Summary } from './lib/stats';
import { createSubscriber, signIn } from './lib/users';

const GATED = '/premium';
const UNGATED = '/dashboard/premium-twin';
const rounds = numberArg('rounds', 8);
const seconds = numberArg('seconds', 5);
const connections = numberArg('connections', 10);
const otherUsers = numberArg('users', 10_000);

/** Other users with entitlements, written straight into the tables: only the table size matters here. */
async function seedOtherUsers(count: number): Promise<void> {
  const { getDb } = await import('@/db/client');
  const { entitlementSummaries, users } = await import('@/db/schema');
  const syncedAt = new Date();
  for (let start = 0; start < count; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - start) }, (_, i) => `seed-${start + i}`);
    await getDb().insert(users).values(batch.map((id) => ({ id, email: `${id}@bench.example` })));
    await getDb()
      .insert(entitlementSummaries)
      .values(batch.map((id, i) => ({ stripeCustomerId: `cus_${id}`, userId: id, features: i % 2 ? ['basic_features'] : ['basic_features', 'extended_features'], syncedAt })));
  }
}

type Load = { label: string; connections: number };
type Tally = { requests: number; seconds: number; latencies: number[]; non2xx: number; errors: number };

async function hit(url: string, cookie: string, load: Load, duration: number): Promise<Tally> {
  const latencies: number[] = [];
  const instance = autocannon({ url, connections: load.connections, duration, headers: { cookie } });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode === 200) latencies.push(responseTime);
  });
  const result = await instance;
  return { requests: result['2xx'], seconds: result.duration, latencies, non2xx: result.non2xx, errors: result.errors };
}

async function expectPage(url: string, cookie: string, marker: string): Promise<void> {
  const response = await fetch(url, { headers: { cookie }, redirect: 'manual' });
  const body = await response.text();
  if (response.status !== 200 || !body.includes(marker)) throw new Error(`${url} answered ${response.status} without the page: the benchmark would measure a redirect`);
}

type RouteFigures = { reqPerSec: number; latency: Summary; non2xx: number; errors: number };
type Figures = Record<'gated' | 'ungated', RouteFigures> & { roundRatios: number[] };

async function measure(appUrl: string, cookie: string, load: Load): Promise<Figures> {
  const tallies = { gated: [] as Tally[], ungated: [] as Tally[] };
  for (let round = 0; round < rounds; round++) {
    // ABBA order: neither route always runs first.
    const order: ('gated' | 'ungated')[] = round % 2 === 0 ? ['gated', 'ungated'] : ['ungated', 'gated'];
    for (const route of order) tallies[route].push(await hit(`${appUrl}${route === 'gated' ? GATED : UNGATED}`, cookie, load, seconds));
  }
  const figures = (list: Tally[]): RouteFigures => ({
    reqPerSec: list.reduce((s, t) => s + t.requests, 0) / list.reduce((s, t) => s + t.seconds, 0),
    latency: summarize(list.flatMap((t) => t.latencies)),
    non2xx: list.reduce((s, t) => s + t.non2xx, 0),
    errors: list.reduce((s, t) => s + t.errors, 0),
  });
  // Each round's gated run next to its ungated run: drift between rounds cancels out.
  const roundRatios = tallies.gated.map((g, i) => {
    const u = tallies.ungated[i];
    return u ? g.requests / g.seconds / (u.requests / u.seconds) : Number.NaN;
  });
  return { gated: figures(tallies.gated), ungated: figures(tallies.ungated), roundRatios };
}

async function benchDatabase(db: DbKind): Promise<string> {
  const stack = await createStack(db);
  try {
    const email = `gate-${db}@bench.example`;
    await seedOtherUsers(otherUsers);
    await createSubscriber(stack.emulator, email, 'premium');
    await stack.startApp();
    const cookie = await signIn(stack.appUrl, email);
    await expectPage(`${stack.appUrl}${GATED}`, cookie, 'premium-heading');
    await expectPage(`${stack.appUrl}${UNGATED}`, cookie, 'premium-heading');
    // Warm-up: JIT, React's caches, the database's.
    await hit(`${stack.appUrl}${GATED}`, cookie, { label: 'warm-up', connections }, 3);
    await hit(`${stack.appUrl}${UNGATED}`, cookie, { label: 'warm-up', connections }, 3);

    const out: string[] = [];
    for (const load of [
      { label: `${connections} connections`, connections },
      { label: '1 connection', connections: 1 },
    ]) {
      const r = await measure(stack.appUrl, cookie, load);
      if (r.gated.non2xx + r.ungated.non2xx + r.gated.errors + r.ungated.errors > 0) {
        throw new Error(`non-200 answers or errors during the run: ${JSON.stringify({ gated: r.gated.non2xx, ungated: r.ungated.non2xx })}`);
      }
      const row = (name: string, f: RouteFigures) => [name, f.reqPerSec.toFixed(1), ms(f.latency.p50), ms(f.latency.p99), String(f.latency.count)];
      out.push(
        `${db} (${otherUsers + 1} users), ${load.label}, ${rounds} rounds × ${seconds} s per route:`,
        table(['route', 'req/s', 'p50', 'p99', 'requests'], [row(`${GATED} (gated)`, r.gated), row(`${UNGATED} (ungated)`, r.ungated)]),
        `throughput ratio gated/ungated: ${(r.gated.reqPerSec / r.ungated.reqPerSec).toFixed(3)} overall, per round ${r.roundRatios.map((x) => x.toFixed(2)).join(' ')}, median ${percentile([...r.roundRatios].sort((a, b) => a - b), 50).toFixed(3)} (target ≥ 0.9)`,
        load.connections === 1
          ? `added latency: p50 ${ms(r.gated.latency.p50 - r.ungated.latency.p50)}, p99 ${ms(r.gated.latency.p99 - r.ungated.latency.p99)} (target p99 ≤ 2 ms)`
          : `latency difference: p50 ${ms(r.gated.latency.p50 - r.ungated.latency.p50)}, p99 ${ms(r.gated.latency.p99 - r.ungated.latency.p99)} (saturated: mostly queueing, which follows the throughput)`,
        '',
      );
    }
    return out.join('\n');
  } finally {
    await stack.stop();
  }
}

header('bench:gate');
await forEachDatabase(async (db) => console.log(await benchDatabase(db)));
process.exit(process.exitCode ?? 0);
