import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { env } from '@/lib/env';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

type Connection =
  | { kind: 'pglite'; db: ReturnType<typeof drizzlePglite<typeof schema>>; client: PGlite; ready: Promise<void> }
  | { kind: 'postgres'; db: ReturnType<typeof drizzlePostgres<typeof schema>>; client: postgres.Sql; ready: Promise<void> };

// Read at run time from the working directory; not something the bundler should trace.
const MIGRATIONS_FOLDER = path.join(/* turbopackIgnore: true */ process.cwd(), 'db/migrations');

// Kept on globalThis: Next.js loads this module in several bundles (proxy, routes,
// instrumentation) and dev reloads it; one process must hold exactly one PGlite per folder.
const store = globalThis as typeof globalThis & { __entitleDb?: Connection };

function connect(url: string): Connection {
  if (url.startsWith('pglite://')) {
    const { location, template } = parsePgliteUrl(url);
    const client = location === 'memory' ? new PGlite({ loadDataDir: template }) : new PGlite(path.resolve(/* turbopackIgnore: true */ location));
    const db = drizzlePglite({ client, schema });
    // Embedded databases migrate themselves: there is no separate deploy step for them.
    const ready = migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return { kind: 'pglite', db, client, ready };
  }
  // No named server-side prepared statements: through a transaction-mode pooler (PgBouncer
  // before 1.21, Supabase's transaction pooler, most serverless set-ups) a client's statements
  // land on whichever server connection is free, and with them syncs intermittently lost their
  // writes (`npm run test:postgres:pooled` caught it). Drizzle's `.prepare()` still builds each
  // statement's SQL once, which is where the time went (bench/README.md).
  const client = postgres(url, { max: 10, onnotice: () => {}, prepare: false });
  return { kind: 'postgres', db: drizzlePostgres({ client, schema }), client, ready: Promise.resolve() };
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
 * costs more CPU than a simple indexed query itself (see bench/README.md). Rebuilt if the
 * database is reopened, as tests do.
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

/** Applies pending migrations: used by `npm run db:migrate` and by tests on a fresh server database. */
export async function migrateDatabase(): Promise<void> {
  const conn = connection();
  if (conn.kind === 'pglite') return conn.ready;
  await migratePostgres(conn.db, { migrationsFolder: MIGRATIONS_FOLDER });
}

export async function closeDatabase(): Promise<void> {
  const conn = store.__entitleDb;
  if (!conn) return;
  store.__entitleDb = undefined;
  await conn.ready.catch(() => {});
  if (conn.kind === 'pglite') await conn.client.close();
  else await conn.client.end({ timeout: 5 });
}
