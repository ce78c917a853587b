import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { withAdmin } from './postgres-admin';

// Runs before each app test file, before its imports read the environment.
// Default: an in-memory PGlite per file. With TEST_POSTGRES_URL (a server's admin URL):
// a fresh database per file on that server, dropped afterwards.
const adminUrl = process.env.TEST_POSTGRES_URL;
let databaseName: string | undefined;

if (adminUrl) {
  databaseName = `entitle_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  process.env.DATABASE_URL = url.toString();
} else {
  const template = process.env.ENTITLE_PGLITE_TEMPLATE;
  process.env.DATABASE_URL = template ? `pglite://memory?template=${template}` : 'pglite://memory';
}

beforeAll(async () => {
  if (databaseName) await withAdmin((admin) => admin.query(`CREATE DATABASE "${databaseName}"`));
  const { migrateDatabase } = await import('@/db/client');
  await migrateDatabase();
});

afterAll(async () => {
  const { closeDatabase } = await import('@/db/client');
  await closeDatabase();
  if (databaseName) await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`));
});
