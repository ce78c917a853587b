// `npm run bench:gate [-- --db=pglite|postgres|both --rounds=8 --seconds=5 --connections=10 --users=10000 --profile]`
//
// What the proxy and the entitlement gate cost, as two pairs of runs on one build:
// - gate: /premium (proxy.ts reads the user's entitlements from the database, and the page
//   checks again) against /dashboard/premium-twin, the same page with the same session check and
//   no entitlement check (it exists only in the benchmark build);
// - proxy: the signed-in /dashboard with the real proxy.ts against the same route with a proxy
//   that does nothing (a switch only the benchmark build has: lib/bench-only/bare-proxy.bench.ts),
//   so the page does all the session work itself. This is the whole proxy's cost.
// One signed-in Premium subscriber among --users others (so the lookup is an index lookup in a
// table of realistic size), autocannon on loopback against `next start`, the four runs of a
// round alternated ABBA so drift hits every route alike, and each pair's ratio taken round by
// round. Two loads: saturated (many connections: the throughput ratio) and one connection
// (latency without queueing: the added p50/p99). The server's own CPU time per request is counted
// too: on a shared machine it moves less than throughput does. --profile then runs /dashboard for a while on a
// server with --cpu-prof, with the proxy and without, and says where the time went.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { BARE_PROXY_HEADER } from '@/lib/bench-only/bare-proxy.bench';
import { cpuSecondsOf } from './lib/process-cpu';
import { summarizeProfile } from './lib/profile';
import { createStack, forEachDatabase, header, numberArg, type DbKind, type Stack } from './lib/stack';
import { ms, percentile, summarize, table, type Summary } from './lib/stats';
import { createSubscriber, signIn } from './lib/users';

const rounds = numberArg('rounds', 8);
const seconds = numberArg('seconds', 5);
const connections = numberArg('connections', 10);
const otherUsers = numberArg('users', 10_000);
const profile = process.argv.includes('--profile');

type Route = { label: string; path: string; headers?: Record<string, string> };
type Pair = { name: string; measured: Route; baseline: Route; ratioTarget: number; latencyTarget: string };
const PAIRS: Pair[] = [
  {
    name: 'gate (gated/ungated)',
    measured: { label: '/premium (gated)', path: '/premium' },
    baseline: { label: '/dashboard/premium-twin (ungated)', path: '/dashboard/premium-twin' },
    ratioTarget: 0.9,
    latencyTarget: 'p99 ≤ 2 ms',
  },
  {
    name: 'proxy (real/none)',
    measured: { label: '/dashboard (proxy.ts)', path: '/dashboard' },
    baseline: { label: '/dashboard (proxy does nothing)', path: '/dashboard', headers: { [BARE_PROXY_HEADER]: '1' } },
    ratioTarget: 0.95,
    latencyTarget: 'p50 < 1 ms',
  },
];
const ROUTES = PAIRS.flatMap((p) => [p.measured, p.baseline]);

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
// cpu: seconds of CPU `next start` used during the run (the machine may be shared: this is the part that is ours).
type Tally = { requests: number; seconds: number; latencies: number[]; non2xx: number; errors: number; cpu: number };

async function hit(stack: Stack, route: Route, cookie: string, load: Load, duration: number): Promise<Tally> {
  const latencies: number[] = [];
  const appUrl = stack.appUrl;
  const cpuBefore = cpuSecondsOf(stack.serverPid());
  const instance = autocannon({ url: `${appUrl}${route.path}`, connections: load.connections, duration, headers: { cookie, ...route.headers } });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode === 200) latencies.push(responseTime);
  });
  const result = await instance;
  return { requests: result['2xx'], seconds: result.duration, latencies, non2xx: result.non2xx, errors: result.errors, cpu: cpuSecondsOf(stack.serverPid()) - cpuBefore };
}

/** The route answers with its page (not a redirect), and with or without the proxy as meant. */
async function expectPage(appUrl: string, route: Route, cookie: string, marker: string, proxied: boolean): Promise<void> {
  const response = await fetch(`${appUrl}${route.path}`, { headers: { cookie, ...route.headers }, redirect: 'manual' });
  const body = await response.text();
  if (response.status !== 200 || !body.includes(marker)) throw new Error(`${route.label} answered ${response.status} without the page: the benchmark would measure a redirect`);
  // proxy.ts puts a Content-Security-Policy with a nonce on every page it handles.
  if (response.headers.has('content-security-policy') !== proxied) {
    throw new Error(`${route.label}: the proxy ${proxied ? 'did not run' : 'ran'}; is .next-bench a benchmark build?`);
  }
}

type RouteFigures = { reqPerSec: number; latency: Summary; non2xx: number; errors: number; cpuMsPerRequest: number };

function figures(list: Tally[]): RouteFigures {
  return {
    reqPerSec: list.reduce((s, t) => s + t.requests, 0) / list.reduce((s, t) => s + t.seconds, 0),
    latency: summarize(list.flatMap((t) => t.latencies)),
    non2xx: list.reduce((s, t) => s + t.non2xx, 0),
    errors: list.reduce((s, t) => s + t.errors, 0),
    cpuMsPerRequest: (1000 * list.reduce((s, t) => s + t.cpu, 0)) / Math.max(1, list.reduce((s, t) => s + t.requests + t.non2xx, 0)),
  };
}

async function measure(stack: Stack, cookie: string, load: Load): Promise<Map<Route, Tally[]>> {
  const tallies = new Map<Route, Tally[]>(ROUTES.map((r) => [r, []]));
  for (let round = 0; round < rounds; round++) {
    // ABBA order: no route always runs first or last.
    const order = round % 2 === 0 ? ROUTES : [...ROUTES].reverse();
    for (const route of order) tallies.get(route)?.push(await hit(stack, route, cookie, load, seconds));
  }
  return tallies;
}

function report(pair: Pair, tallies: Map<Route, Tally[]>, load: Load): string[] {
  const measured = tallies.get(pair.measured) ?? [];
  const baseline = tallies.get(pair.baseline) ?? [];
  const m = figures(measured);
  const b = figures(baseline);
  if (m.non2xx + b.non2xx + m.errors + b.errors > 0) {
    throw new Error(`non-200 answers or errors during the run: ${JSON.stringify({ [pair.measured.label]: m.non2xx, [pair.baseline.label]: b.non2xx })}`);
  }
  // Each round's run next to its partner in the same round: drift between rounds cancels out.
  const roundRatios = measured.map((t, i) => {
    const u = baseline[i];
    return u ? t.requests / t.seconds / (u.requests / u.seconds) : Number.NaN;
  });
  const row = (name: string, f: RouteFigures) => [name, f.reqPerSec.toFixed(1), ms(f.latency.p50), ms(f.latency.p99), ms(f.cpuMsPerRequest), String(f.latency.count)];
  return [
    `  ${pair.name}:`,
    table(['route', 'req/s', 'p50', 'p99', 'server CPU/req', 'requests'], [row(pair.measured.label, m), row(pair.baseline.label, b)]).replace(/^/gm, '    '),
    `    throughput ratio: ${(m.reqPerSec / b.reqPerSec).toFixed(3)} overall, per round ${roundRatios.map((x) => x.toFixed(2)).join(' ')}, median ${percentile([...roundRatios].sort((x, y) => x - y), 50).toFixed(3)} (target ≥ ${pair.ratioTarget})`,
    `    added server CPU per request: ${ms(m.cpuMsPerRequest - b.cpuMsPerRequest)} (${((100 * (m.cpuMsPerRequest - b.cpuMsPerRequest)) / b.cpuMsPerRequest).toFixed(1)} %)`,
    load.connections === 1
      ? `    added latency: p50 ${ms(m.latency.p50 - b.latency.p50)}, p99 ${ms(m.latency.p99 - b.latency.p99)} (target ${pair.latencyTarget})`
      : `    latency difference: p50 ${ms(m.latency.p50 - b.latency.p50)}, p99 ${ms(m.latency.p99 - b.latency.p99)} (saturated: mostly queueing, which follows the throughput)`,
  ];
}

/** /dashboard on a server under --cpu-prof, with the proxy and then without: where the time went. */
async function profileDashboard(stack: Stack, cookie: string): Promise<string[]> {
  const out: string[] = [];
  const pair = PAIRS.find((p) => p.measured.path === '/dashboard');
  if (!pair) return out;
  for (const route of [pair.measured, pair.baseline]) {
    const dir = path.resolve('bench/profiles', route.headers ? 'gate-no-proxy' : 'gate-proxy');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await stack.stopApp();
    await stack.startApp(['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    await hit(stack, route, cookie, { label: 'warm-up', connections }, 3);
    const tally = await hit(stack, route, cookie, { label: 'profile', connections }, seconds * 2);
    await stack.stopApp();
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    out.push(`  ${route.label}: ${tally.requests} requests under the profiler, ${ms((1000 * tally.cpu) / Math.max(1, tally.requests))} of server CPU each; the profile below is of that window`, file ? summarizeProfile(path.join(dir, file), 14, seconds * 2000) : '  (no CPU profile was written)', '');
  }
  return out;
}

async function benchDatabase(db: DbKind): Promise<string> {
  const stack = await createStack(db);
  try {
    const email = `gate-${db}@bench.example`;
    await seedOtherUsers(otherUsers);
    await createSubscriber(stack.emulator, email, 'premium');
    await stack.startApp();
    const cookie = await signIn(stack.appUrl, email);
    for (const pair of PAIRS) {
      const marker = pair.measured.path === '/dashboard' ? 'dashboard-plan' : 'premium-heading';
      await expectPage(stack.appUrl, pair.measured, cookie, marker, true);
      await expectPage(stack.appUrl, pair.baseline, cookie, marker, !pair.baseline.headers);
    }
    // Warm-up: JIT, React's caches, the database's.
    for (const route of ROUTES) await hit(stack, route, cookie, { label: 'warm-up', connections }, 2);

    const out: string[] = [];
    for (const load of [
      { label: `${connections} connections`, connections },
      { label: '1 connection', connections: 1 },
    ]) {
      const tallies = await measure(stack, cookie, load);
      out.push(`${db} (${otherUsers + 1} users), ${load.label}, ${rounds} rounds × ${seconds} s per route:`, ...PAIRS.flatMap((pair) => report(pair, tallies, load)), '');
    }
    if (profile) out.push(...(await profileDashboard(stack, cookie)));
    return out.join('\n');
  } finally {
    await stack.stop();
  }
}

header('bench:gate');
await forEachDatabase(async (db) => console.log(await benchDatabase(db)));
process.exit(process.exitCode ?? 0);
