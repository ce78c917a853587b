import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '@/db/apply-migrations';
import { quoted, withAdmin } from '../support/postgres-admin';

// `npm run db:migrate` as a deploy runs it: over DATABASE_URL_UNPOOLED when the host sets one
// (Neon's Vercel integration does), else over DATABASE_URL. Run through
// scripts/with-pgbouncer.ts, both URLs go through PgBouncer in transaction mode, so this also
// checks that migrations work through such a pooler.
const serverUrl = process.env.TEST_POSTGRES_URL;

function databaseUrl(name: string): string {
  const url = new URL(serverUrl ?? '');
  url.pathname = `/${name}`;
  return url.toString();
}

function dbMigrate(env: Record<string, string | undefined>): { status: number | null; output: string } {
  const result = spawnSync(path.resolve('node_modules/.bin/tsx'), ['db/migrate.ts'], {
    encoding: 'utf8',
    // Only what a deploy step gives it: the database URLs (NODE_ENV=test spares it the secrets).
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', ...env },
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** How many migrations the database has recorded; null when it was never migrated. */
async function migrationsIn(name: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: databaseUrl(name) });
  await client.connect();
  try {
    const { rows } = await client.query<{ migrated: boolean }>(`select to_regclass('drizzle.__drizzle_migrations') is not null as migrated`);
    if (!rows[0]?.migrated) return null;
    const counted = await client.query<{ count: string }>('select count(*)::text as count from drizzle.__drizzle_migrations');
    return Number(counted.rows[0]?.count);
  } finally {
    await client.end();
  }
}

describe.skipIf(!serverUrl)('npm run db:migrate (PostgreSQL; skipped on PGlite, which migrates itself)', () => {
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const app = `entitle_migrate_app_${suffix}`;
  const direct = `entitle_migrate_direct_${suffix}`;
  const raced = `entitle_migrate_raced_${suffix}`;

  beforeAll(async () => {
    await withAdmin(async (admin) => {
      await admin.query(`CREATE DATABASE ${quoted(app)}`);
      await admin.query(`CREATE DATABASE ${quoted(direct)}`);
      await admin.query(`CREATE DATABASE ${quoted(raced)}`);
    });
  });
  afterAll(async () => {
    await withAdmin(async (admin) => {
      await admin.query(`DROP DATABASE IF EXISTS ${quoted(app)} WITH (FORCE)`);
      await admin.query(`DROP DATABASE IF EXISTS ${quoted(direct)} WITH (FORCE)`);
      await admin.query(`DROP DATABASE IF EXISTS ${quoted(raced)} WITH (FORCE)`);
    });
  });

  it('migrates the unpooled URL when one is set, and leaves the pooled one to it', async () => {
    const run = dbMigrate({ DATABASE_URL: databaseUrl(app), DATABASE_URL_UNPOOLED: databaseUrl(direct) });
    expect(run.status, run.output).toBe(0);
    expect(await migrationsIn(direct)).toBeGreaterThan(0);
    expect(await migrationsIn(app)).toBeNull();
  });

  it('migrates DATABASE_URL when no unpooled URL is set, and changes nothing run again', async () => {
    const first = dbMigrate({ DATABASE_URL: databaseUrl(app) });
    expect(first.status, first.output).toBe(0);
    const applied = await migrationsIn(app);
    expect(applied).toBeGreaterThan(0);
    const again = dbMigrate({ DATABASE_URL: databaseUrl(app) });
    expect(again.status, again.output).toBe(0);
    expect(await migrationsIn(app)).toBe(applied);
  });

  it('lets deploys migrate one database at the same time: every migrator succeeds, each migration is applied once', async () => {
    const clients = Array.from({ length: 4 }, () => new pg.Client({ connectionString: databaseUrl(raced) }));
    await Promise.all(clients.map((client) => client.connect()));
    try {
      const runs = await Promise.allSettled(clients.map((client) => applyMigrations(drizzle({ client }), path.resolve('db/migrations'))));
      expect(runs.map((run) => (run.status === 'rejected' ? String(run.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok']);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
    const journal = JSON.parse(readFileSync('db/migrations/meta/_journal.json', 'utf8')) as { entries: unknown[] };
    expect(await migrationsIn(raced)).toBe(journal.entries.length);
  });
});
