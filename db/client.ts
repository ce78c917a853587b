import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { attachDatabasePool } from '@vercel/functions/db-connections';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { env } from '@/lib/env';
import { applyMigrations } from './apply-migrations';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

type Connection =
  | { kind: 'pglite'; db: ReturnType<typeof drizzlePglite<typeof schema>>; client: PGlite; ready: Promise<void> }
  | { kind: 'postgres'; db: ReturnType<typeof drizzleNodePostgres<typeof schema>>; client: pg.Pool; ready: Promise<void> };

// Read at run time from the working directory; not something the bundler should trace.
const MIGRATIONS_FOLDER = path.join(/* turbopackIgnore: true */ process.cwd(), 'db/migrations');

// Kept on globalThis: Next.js loads this module in several bundles (proxy, routes,
// instrumentation) and dev reloads it; one process must hold exactly one PGlite per folder.
const store = globalThis as typeof globalThis & { __entitleDb?: Connection };

/**
 * A pg client that sends every statement unnamed. Drizzle's `.prepare('name')` asks node-postgres
 * for a NAMED server-side prepared statement, which lives in one server connection: through a
 * transaction-mode pooler (PgBouncer before 1.21, Supabase's and Neon's poolers, most serverless
 * set-ups) the next use lands on another connection ("prepared statement does not exist"), or on
 * one where another client's statement has that name. Drizzle still builds each statement's SQL
 * once, which is where the time went (bench/README.md); the server parses it each time, which
 * measured no slower than named statements here on a direct connection, so there is no switch.
 */
class UnnamedStatementClient extends pg.Client {}
const namedQuery = pg.Client.prototype.query;
UnnamedStatementClient.prototype.query = function query(this: pg.Client, config: unknown, ...rest: unknown[]) {
  const named = typeof config === 'object' && config !== null && 'name' in config && config.name !== undefined && !('submit' in config);
  return Reflect.apply(namedQuery, this, [named ? { ...config, name: undefined } : config, ...rest]);
};

function connect(url: string): Connection {
  if (url.startsWith('pglite://')) {
    const { location, template } = parsePgliteUrl(url);
    const client = location === 'memory' ? new PGlite({ loadDataDir: template }) : new PGlite(path.resolve(/* turbopackIgnore: true */ location));
    const db = drizzlePglite({ client, schema });
    // Embedded databases migrate themselves: there is no separate deploy step for them.
    const ready = migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return { kind: 'pglite', db, client, ready };
  }
  const client = openPool(url);
  return { kind: 'postgres', db: drizzleNodePostgres({ client, schema }), client, ready: Promise.resolve() };
}

/**
 * node-postgres rather than postgres.js: after its connections were killed or refused, postgres.js
 * 3.4.9 left queries waiting out the connect timeout and threw an uncaught TypeError from a dead
 * socket (porsager/postgres#1154, #1208); pg fails a dead connection's queries at once and drops
 * the client (tests/db/connection-faults.test.ts).
 *
 * Sized for serverless instances (lib/env.ts, README "Postgres in production"): a few connections
 * per instance, released after a few idle seconds so a suspended or retired instance does not
 * hold the database's (or pooler's) slots, a connect timeout that fails a request fast while the
 * database is down instead of hanging it, and connections retired after a while so a failover or
 * a pooler's restart is picked up.
 */
function openPool(url: string): pg.Pool {
  const { max, idleTimeoutSeconds, connectTimeoutSeconds, maxLifetimeSeconds } = env.databasePool;
  const pool = new pg.Pool({
    connectionString: url,
    Client: UnnamedStatementClient,
    max,
    idleTimeoutMillis: idleTimeoutSeconds * 1000,
    connectionTimeoutMillis: connectTimeoutSeconds * 1000,
    maxLifetimeSeconds,
    // A connection the network dropped without a word is probed after 10 s idle instead of the
    // system's 2 hours (then the kernel's probe interval and count apply).
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    // Statements issued together on one client (inside a transaction: the sync's upserts) go out
    // together, one round trip, instead of each waiting for the one before.
    pipeline: true,
  });
  // A connection can fail while no query is running on it: idle in the pool (the pool then
  // reports it here) or checked out between a transaction's statements (the client reports it).
  // Unheard, either is an uncaught exception that ends the process. The client is already
  // dropped from the pool and the query that needed it got the error, so there is nothing more
  // to do than say so.
  pool.on('error', logConnectionError);
  const checkedOut = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => checkedOut.add(client));
  pool.on('release', (_error, client) => checkedOut.delete(client));
  pool.on('connect', (client) => {
    client.on('error', logConnectionError);
    // drizzle-orm 0.45's transaction() sends BEGIN before its try/finally: when BEGIN fails on a
    // dead connection it never releases the client, and each fault would shrink the pool for
    // good until every request waits for a client that never comes back. A checked-out client
    // whose connection ended goes back (and out of the pool) here; a later release is a no-op.
    client.once('end', () => {
      if (!checkedOut.has(client)) return;
      const release = client.release;
      client.release = () => {};
      release(new Error('connection ended while checked out'));
    });
  });
  // On Vercel's Fluid compute: keeps a suspended instance alive until idle connections are
  // closed, so they are not leaked while it sleeps (a no-op anywhere else).
  attachDatabasePool(pool);
  return pool;
}

function logConnectionError(error: Error): void {
  console.warn(`[entitle] database connection lost: ${error.message}`);
}

/**
 * `pglite://<dir>` or `pglite://memory`. `?template=<file>` starts an in-memory database from a
 * dump of an already migrated one: PGlite's initdb takes seconds, loading a dump well under one.
 */
function parsePgliteUrl(url: string): { location: string; template?: Blob } {
  const [location = '', query = ''] = url.slice('pglite://'.length).split('?');
  const templateFile = new URLSearchParams(query).get('template');
  return { location, template: templateFile ? new Blob([readFileSync(templateFile)]) : undefined };
}

function connection(): Connection {
  store.__entitleDb ??= connect(env.databaseUrl);
  return store.__entitleDb;
}

/** The app's database. Opened on first use, never at import, so `next build` does not open it. */
export function getDb(): Database {
  return connection().db;
}

/**
 * Statements built once per database and reused: drizzle then skips building their SQL, which
 * costs more CPU than a simple indexed query itself (see bench/README.md). They go to the server
 * unnamed (see UnnamedStatementClient), so a name given to `.prepare()` is only a label. Rebuilt
 * if the database is reopened, as tests do.
 */
export function preparedStatements<T>(build: (db: Database) => T): () => T {
  const built = new WeakMap<Database, T>();
  return () => {
    const db = getDb();
    let statements = built.get(db);
    if (!statements) built.set(db, (statements = build(db)));
    return statements;
  };
}

/** True for PGlite, which only this process can open (so only this process writes to it). */
export function databaseIsEmbedded(): boolean {
  return connection().kind === 'pglite';
}

/** Resolves once the embedded database has its migrations; immediate for a server. */
export function databaseReady(): Promise<void> {
  return connection().ready;
}

/**
 * Applies pending migrations: used by `npm run db:migrate`, `npm run dev` and tests on a fresh
 * server database. They run over DATABASE_URL_UNPOOLED when it is set (a direct connection, as
 * Neon and Supabase advise for schema changes), else over the app's own connection; they also
 * work through a transaction-mode pooler (one transaction under an advisory lock, no session state).
 */
export async function migrateDatabase(): Promise<void> {
  const conn = connection();
  if (conn.kind === 'pglite') return conn.ready;
  if (env.migrationDatabaseUrl === env.databaseUrl) {
    await applyMigrations(conn.db, MIGRATIONS_FOLDER);
    return;
  }
  const direct = new pg.Client({ connectionString: env.migrationDatabaseUrl, connectionTimeoutMillis: env.databasePool.connectTimeoutSeconds * 1000 });
  direct.on('error', logConnectionError);
  await direct.connect();
  try {
    await applyMigrations(drizzleNodePostgres({ client: direct, schema }), MIGRATIONS_FOLDER);
  } finally {
    await direct.end();
  }
}

export async function closeDatabase(): Promise<void> {
  const conn = store.__entitleDb;
  if (!conn) return;
  store.__entitleDb = undefined;
  await conn.ready.catch(() => {});
  if (conn.kind === 'pglite') await conn.client.close();
  else await conn.client.end();
}
