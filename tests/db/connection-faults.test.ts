import { eq, sql } from 'drizzle-orm';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeDatabase, getDb } from '@/db/client';
import { sessions, users } from '@/db/schema';
import { createSession, endSession, isSessionLive } from '@/lib/auth/sessions';
import { openAdmin, quoted } from '../support/postgres-admin';

// The app's database faults, as production meets them: its connections killed by the server
// (`pg_terminate_backend`: a failover, an administrator, a pooler recycling), the database
// refusing connections for a few seconds (a restart), the network cutting every connection.
// PostgreSQL only: PGlite runs inside the process, with no connection to lose.
const serverUrl = process.env.TEST_POSTGRES_URL;

const { proxy } = await vi.hoisted(async () => {
  if (!process.env.TEST_POSTGRES_URL || !process.env.DATABASE_URL) return { proxy: undefined };
  const { startDatabaseFaultProxy } = await import('../support/database-fault-proxy');
  // The app reaches its database (made by tests/support/database-setup.ts) through a proxy that
  // can cut and refuse connections.
  const started = await startDatabaseFaultProxy(process.env.DATABASE_URL);
  process.env.DATABASE_URL = started.url;
  return { proxy: started };
});

/** An operation still unsettled after this long is hung: the driver must answer errors, not wait. */
const HANG_MS = 10_000;
/** Once the database is back, every kind of operation must succeed again within this long. */
const RECOVERY_MS = 5_000;
const OUTAGE_MS = 3_000;
const WORKERS = 6;

type Kind = 'select' | 'session check' | 'session write' | 'transaction';
type Outcome = { kind: Kind; started: number; ok: boolean; error?: string };

const processErrors: unknown[] = [];
const onProcessError = (error: unknown) => processErrors.push(error);

/** The driver's own error, not drizzle's wrapper (which repeats the query and its parameters). */
function rootCause(reason: unknown): string {
  let error = reason;
  while (error instanceof Error && error.cause) error = error.cause;
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Real app queries in a loop on several workers, each operation watched for hanging. */
function startLoad(userId: string, sid: string) {
  const outcomes: Outcome[] = [];
  const hung: Kind[] = [];
  let running = true;
  const operations: Record<Kind, () => Promise<unknown>> = {
    select: () => getDb().execute(sql`select 1`),
    'session check': async () => {
      if (!(await isSessionLive(sid, userId))) throw new Error('the live session was refused');
    },
    'session write': async () => endSession(await createSession(userId)),
    transaction: () =>
      getDb().transaction(async (tx) => {
        const token = `fault-${crypto.randomUUID()}`;
        await tx.insert(sessions).values({ sessionToken: token, userId, expires: new Date(Date.now() + 60_000) });
        await tx.delete(sessions).where(eq(sessions.sessionToken, token));
      }),
  };
  const kinds = Object.keys(operations) as Kind[];

  async function worker(offset: number) {
    for (let i = offset; running; i++) {
      const kind = kinds[i % kinds.length]!;
      const started = Date.now();
      const operation = operations[kind]();
      // Settled after the watchdog gave up on it: nothing left to record, but never unhandled.
      operation.catch(() => {});
      let error: string | undefined;
      const outcome = await Promise.race([
        operation.then(
          () => 'ok' as const,
          (reason: unknown) => {
            error = rootCause(reason);
            return 'failed' as const;
          },
        ),
        sleep(HANG_MS).then(() => 'hung' as const),
      ]);
      if (outcome === 'hung') hung.push(kind);
      else outcomes.push({ kind, started, ok: outcome === 'ok', error });
      // Failures come back at once while the database is down; do not spin on them.
      if (outcome === 'failed') await sleep(50);
    }
  }
  const workers = Array.from({ length: WORKERS }, (_, i) => worker(i));
  return {
    outcomes,
    hung,
    kinds,
    stop: async () => {
      running = false;
      await Promise.all(workers);
    },
  };
}

type Load = ReturnType<typeof startLoad>;

/**
 * Waits until every kind of operation started after `since` has succeeded, failing past the
 * deadline: recovery is bounded, not measured.
 */
async function expectRecoveredSince(load: Load, since: number): Promise<void> {
  const deadline = since + RECOVERY_MS;
  for (;;) {
    const recovered = new Set(load.outcomes.filter((o) => o.ok && o.started >= since).map((o) => o.kind));
    if (load.kinds.every((kind) => recovered.has(kind))) return;
    if (Date.now() > deadline) {
      const missing = load.kinds.filter((kind) => !recovered.has(kind));
      const errors = new Set(load.outcomes.filter((o) => o.started >= since && o.error).map((o) => o.error));
      throw new Error(
        `still failing ${RECOVERY_MS} ms after the database came back: ${missing.join(', ')}; errors since: ${[...errors].join(' | ') || 'none'}; hung so far: ${load.hung.length}`,
      );
    }
    await sleep(50);
  }
}

function failuresBetween(load: Load, from: number, to: number): number {
  return load.outcomes.filter((o) => !o.ok && o.started >= from && o.started < to).length;
}

describe.skipIf(!serverUrl)('database faults (PostgreSQL; skipped on PGlite, which has no connection to lose)', () => {
  let admin: pg.Client;
  let databaseName: string;
  let userId: string;
  let sid: string;

  beforeAll(async () => {
    process.on('uncaughtException', onProcessError);
    process.on('unhandledRejection', onProcessError);
    // A connection of its own, straight to the server (or pooler) the tests were given.
    admin = await openAdmin();
    databaseName = new URL(proxy?.url ?? '').pathname.slice(1);
    const [user] = await getDb().insert(users).values({ email: `faults-${crypto.randomUUID()}@example.com` }).returning({ id: users.id });
    userId = user!.id;
    sid = await createSession(userId);
  });

  afterAll(async () => {
    process.off('uncaughtException', onProcessError);
    process.off('unhandledRejection', onProcessError);
    await admin?.query(`ALTER DATABASE ${quoted(databaseName)} ALLOW_CONNECTIONS true`).catch(() => {});
    await admin?.end();
    await proxy?.up().catch(() => {});
  });

  const terminateAppBackends = () =>
    admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [databaseName]);

  it('answers errors instead of hanging while it is down, and recovers within seconds once it is back', async () => {
    const load = startLoad(userId, sid);
    try {
      await expectRecoveredSince(load, Date.now());

      // 1. Every connection of the app killed by the server, three times under load.
      let since = Date.now();
      for (let i = 0; i < 3; i++) {
        await terminateAppBackends();
        await sleep(200);
      }
      await expectRecoveredSince(load, Date.now());

      // 2. The database refuses connections for a few seconds (as while it restarts).
      since = Date.now();
      await admin.query(`ALTER DATABASE ${quoted(databaseName)} ALLOW_CONNECTIONS false`);
      await terminateAppBackends();
      await sleep(OUTAGE_MS);
      await admin.query(`ALTER DATABASE ${quoted(databaseName)} ALLOW_CONNECTIONS true`);
      const allowed = Date.now();
      expect(failuresBetween(load, since, allowed)).toBeGreaterThan(0);
      await expectRecoveredSince(load, allowed);

      // 3. The network cuts every connection and nothing answers for a few seconds.
      since = Date.now();
      await proxy?.down();
      await sleep(OUTAGE_MS);
      await proxy?.up();
      const reachable = Date.now();
      expect(failuresBetween(load, since, reachable)).toBeGreaterThan(0);
      await expectRecoveredSince(load, reachable);
    } finally {
      await load.stop();
    }
    expect(load.hung).toEqual([]);
    expect(processErrors).toEqual([]);
    // Every connection the faults broke went back to the pool: closing it waits for each one.
    const closed = await Promise.race([closeDatabase().then(() => true), sleep(RECOVERY_MS).then(() => false)]);
    expect(closed, 'the pool still had connections checked out after the faults').toBe(true);
  }, 120_000);
});
