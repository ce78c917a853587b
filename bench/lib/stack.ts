// What every benchmark runs against: the Stripe emulator in-process, the catalog in it, a fresh
// database (a PGlite folder or a throwaway database on the PostgreSQL server), the benchmark
// build (`.next-bench`, built only when older than the sources) and `next start` on a free port.
//
// The emulator sends no webhooks by itself here: set-up syncs customers in-process, and the
// webhook benchmark posts the events itself, as concurrently as it wants.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import type Stripe from 'stripe';
import { createStripeClient } from '@/lib/stripe/create-client';
import { EMULATOR_SECRET_KEY } from '@/lib/env/emulator-defaults';
import { freePort } from '@/scripts/free-port';
import { startStripeEmulator, type StripeEmulator } from 'stripe-emulator';

export type DbKind = 'pglite' | 'postgres';
export const HOST = '127.0.0.1';
const BUILD_DIR = '.next-bench';
const PG_ADMIN = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
// Through a pooler (scripts/with-pgbouncer.ts sets BENCH_PG_URL to PgBouncer), migrations go to
// the server itself when this names it, as a deployment's DATABASE_URL_UNPOOLED does.
const PG_UNPOOLED = process.env.BENCH_PG_UNPOOLED_URL;

/** `--db=pglite|postgres|both` from the command line; `fallback` (both) when absent. */
export function dbKindsFromArgs(argv = process.argv.slice(2), fallback: DbKind[] = ['pglite', 'postgres']): DbKind[] {
  const value = argv.find((a) => a.startsWith('--db='))?.slice('--db='.length);
  if (value === undefined) return fallback;
  if (value === 'both') return ['pglite', 'postgres'];
  if (value === 'pglite' || value === 'postgres') return [value];
  throw new Error(`--db must be pglite, postgres or both, not ${value}`);
}

/**
 * Runs `bench` once per database given by --db. lib/env.ts reads the environment once per
 * process, so each database after the first gets a fresh process (this script again, --db=<it>).
 */
export async function forEachDatabase(bench: (db: DbKind, first: boolean) => Promise<void>, fallback?: DbKind[]): Promise<void> {
  const kinds = dbKindsFromArgs(process.argv.slice(2), fallback);
  if (kinds.length === 1 && kinds[0]) return bench(kinds[0], !process.argv.includes('--not-first'));
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--db='));
  kinds.forEach((kind, i) => {
    const extra = ['--no-header', ...(i > 0 ? ['--not-first'] : [])];
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1] ?? '', ...args, `--db=${kind}`, ...extra], { stdio: 'inherit' });
    if (child.status !== 0) process.exitCode = child.status ?? 1;
  });
}

/** The first line of every benchmark's output. */
export function header(name: string): void {
  if (!process.argv.includes('--no-header')) console.log(`${name} — ${new Date().toISOString()} — ${machineLine()}\n`);
}

/** A numeric `--name=value` argument. */
export function numberArg(name: string, fallback: number, argv = process.argv.slice(2)): number {
  const raw = argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

export function machineLine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}/${process.arch}`;
}

function newestMtime(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((max, name) => Math.max(max, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

const nextBin = () => path.resolve('node_modules/next/dist/bin/next');

/** The benchmark build, made once: skipped while `.next-bench/BUILD_ID` is newer than every source. */
export function ensureBenchBuild(): void {
  const buildId = path.join(BUILD_DIR, 'BUILD_ID');
  const sources = ['app', 'lib', 'components', 'db', 'proxy.ts', 'next.config.ts', 'package-lock.json'].filter(existsSync);
  if (existsSync(buildId) && statSync(buildId).mtimeMs > Math.max(...sources.map(newestMtime))) return;
  console.log(`[bench] next build (benchmark flavour, into ${BUILD_DIR})`);
  const built = spawnSync(process.execPath, [nextBin(), 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ENTITLE_BENCH: '1' },
  });
  if (built.status !== 0) throw new Error(`next build failed with code ${built.status}`);
}

function psql(sql: string): void {
  const result = spawnSync('psql', [`${PG_ADMIN}/postgres`, '-qc', sql], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
}

export type Stack = {
  db: DbKind;
  emulator: StripeEmulator;
  stripe: Stripe;
  appUrl: string;
  /** The app's STRIPE_WEBHOOK_SECRET: a production server refuses the emulator's public one. */
  webhookSecret: string;
  /** The PostgreSQL database made for this run (its backends' process titles name it). */
  databaseName: string;
  /** The app's CRON_SECRET, which Vercel Cron sends as a bearer token. */
  cronSecret: string;
  /** Starts `next start`; `nodeArgs` go to its Node.js (for example `--cpu-prof`), `env` adds to its environment. */
  startApp(nodeArgs?: string[], env?: Record<string, string>): Promise<void>;
  stopApp(): Promise<void>;
  /** One value from a query on the benchmark's PostgreSQL database. */
  psql(query: string): string;
  /** Whether the database is reached through a pooler: the server's own port differs from the URL's. */
  pooled(): boolean;
  /** The server's process id, for reading its CPU time. */
  serverPid(): number;
  stop(): Promise<void>;
};

/**
 * Configures process.env for the app before any app module is loaded (lib/env.ts reads it
 * once), so callers import app code dynamically after this returns. For PGlite, only one
 * process may open the folder: set-up runs here first, and `startApp` closes it before the
 * server opens it.
 */
export async function createStack(db: DbKind): Promise<Stack> {
  ensureBenchBuild();
  const appPort = await freePort();
  const appUrl = `http://${HOST}:${appPort}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'entitle-bench-'));
  const pgName = `entitle_bench_${randomBytes(4).toString('hex')}`;
  if (db === 'postgres') psql(`CREATE DATABASE ${pgName}`);
  const databaseUrl = db === 'postgres' ? `${PG_ADMIN}/${pgName}` : `pglite://${path.join(dataDir, 'pglite')}`;
  const emulator = await startStripeEmulator({ host: HOST, port: 0 });
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  delete process.env.NEXT_PUBLIC_SITE_URL;
  delete process.env.AUTH_URL;
  // A production server takes every secret explicitly (lib/env.ts), this process too (NODE_ENV below).
  const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
  const cronSecret = randomBytes(32).toString('base64url');
  if (db === 'postgres' && PG_UNPOOLED) process.env.DATABASE_URL_UNPOOLED = `${PG_UNPOOLED}/${pgName}`;
  Object.assign(process.env, {
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    ENTITLE_BENCH: '1',
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    STRIPE_EMULATOR_URL: emulator.url,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    NEXT_PUBLIC_SITE_URL: appUrl,
    CRON_SECRET: cronSecret,
    // A production server needs a mail transport or MAIL=disabled; the benchmarks send no mail.
    MAIL: 'disabled',
  });
  const stripe = createStripeClient({ secretKey: EMULATOR_SECRET_KEY, emulatorUrl: emulator.url });
  const { setupCatalog } = await import('@/lib/billing/setup-catalog');
  await setupCatalog(stripe);
  const { migrateDatabase } = await import('@/db/client');
  await migrateDatabase();

  const query = (sql: string): string => {
    if (db !== 'postgres') throw new Error('psql needs the PostgreSQL server');
    const result = spawnSync('psql', [`${PG_ADMIN}/${pgName}`, '-tAc', sql], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
    return result.stdout.trim();
  };

  let server: ChildProcess | undefined;
  const stopApp = (): Promise<void> =>
    new Promise((resolve) => {
      if (!server || server.exitCode !== null || server.signalCode !== null) return resolve();
      const timer = setTimeout(() => server?.kill('SIGKILL'), 5000);
      server.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      server.kill('SIGTERM');
    });

  return {
    db,
    emulator,
    stripe,
    appUrl,
    webhookSecret,
    databaseName: pgName,
    cronSecret,
    async startApp(nodeArgs = [], extraEnv = {}) {
      if (db === 'pglite') await (await import('@/db/client')).closeDatabase();
      // `next` itself, not through npx, so SIGTERM reaches the server (and --cpu-prof gets written).
      server = spawn(process.execPath, [...nodeArgs, nextBin(), 'start', '--hostname', HOST, '--port', String(appPort)], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, ...extraEnv, PORT: String(appPort) },
      });
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
        try {
          if ((await fetch(`${appUrl}/sign-in`, { redirect: 'manual' })).status < 500) return;
        } catch {
          // not listening yet
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error('next start did not answer within 60s');
    },
    stopApp,
    psql: query,
    pooled() {
      return db === 'postgres' && Number(query('select inet_server_port()')) !== Number(new URL(PG_ADMIN).port || 5432);
    },
    serverPid() {
      if (!server?.pid) throw new Error('the app is not running');
      return server.pid;
    },
    async stop() {
      await stopApp();
      await emulator.stop();
      await (await import('@/db/client')).closeDatabase().catch(() => undefined);
      if (db === 'postgres') psql(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
