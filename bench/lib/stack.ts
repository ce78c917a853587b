// Starts what a benchmark needs: the Stripe emulator in-process (webhooks to the app), the
// catalog, a fresh database (PGlite folder or a throwaway PostgreSQL database), a production
// build (only if missing or older than the sources) and `next start` on its own port.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStripeEmulator, type StripeEmulator } from '@/stripe-emulator/src/index';

export type DbKind = 'pglite' | 'postgres';
export const HOST = '127.0.0.1';
const PG_ADMIN = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

function newestMtime(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((max, name) => Math.max(max, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

/** `next build` once: skipped when `.next/BUILD_ID` is newer than every source the app is built from. */
export function ensureBuild(): void {
  const buildId = '.next/BUILD_ID';
  const sources = ['app', 'lib', 'components', 'db', 'proxy.ts', 'next.config.ts', 'package-lock.json'].filter(existsSync);
  if (existsSync(buildId) && statSync(buildId).mtimeMs > Math.max(...sources.map(newestMtime))) return;
  console.log('[bench] next build');
  const built = spawnSync('npx', ['next', 'build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' } });
  if (built.status !== 0) throw new Error(`next build failed with code ${built.status}`);
}

function psql(sql: string): void {
  const result = spawnSync('psql', [`${PG_ADMIN}/postgres`, '-qc', sql], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
}

export type Stack = {
  emulator: StripeEmulator;
  appUrl: string;
  databaseUrl: string;
  startApp(extraArgs?: string[]): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Everything is configured through process.env before any app module is imported, because
 * lib/env.ts reads it once; callers therefore import app code dynamically after this returns.
 */
export async function createStack(db: DbKind, appPort: number, emulatorPort: number): Promise<Stack> {
  const appUrl = `http://${HOST}:${appPort}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'entitle-bench-'));
  const pgName = `entitle_bench_${randomBytes(4).toString('hex')}`;
  if (db === 'postgres') psql(`CREATE DATABASE ${pgName}`);
  const databaseUrl = db === 'postgres' ? `${PG_ADMIN}/${pgName}` : `pglite://${path.join(dataDir, 'pglite')}`;
  const emulator = await startStripeEmulator({
    host: HOST,
    port: emulatorPort,
    webhookEndpoints: [{ url: `${appUrl}/api/stripe/webhook`, secret: 'whsec_entitle_local_emulator' }],
  });
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  Object.assign(process.env, {
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    STRIPE_EMULATOR_URL: emulator.url,
  });
  let server: ChildProcess | undefined;

  const stopServer = (): Promise<void> =>
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
    emulator,
    appUrl,
    databaseUrl,
    async startApp(extraArgs = []) {
      // Calls `next` directly (not npx) so SIGTERM reaches the server itself.
      const nextBin = path.resolve('node_modules/next/dist/bin/next');
      server = spawn(process.execPath, [...extraArgs, nextBin, 'start', '--hostname', HOST, '--port', String(appPort)], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, PORT: String(appPort) },
      });
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
        try {
          if ((await fetch(`${appUrl}/sign-in`, { redirect: 'manual' })).status < 500) return;
        } catch {
          // not listening yet
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error('next start did not answer within 60s');
    },
    async stop() {
      await stopServer();
      await emulator.stop();
      const { closeDatabase } = await import('@/db/client');
      await closeDatabase().catch(() => undefined);
      if (db === 'postgres') psql(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
