import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';

// Vitest global setup: migrate one PGlite once and dump it; every test file starts from the dump
// (see db/client.ts), which is several times faster than PGlite's own initdb per file.
export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (process.env.TEST_POSTGRES_URL) return;
  const client = new PGlite();
  await migrate(drizzle({ client }), { migrationsFolder: path.resolve('db/migrations') });
  const dump = await client.dumpDataDir('none');
  await client.close();
  const dir = await mkdtemp(path.join(tmpdir(), 'entitle-pglite-'));
  const file = path.join(dir, 'template.tar');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  process.env.ENTITLE_PGLITE_TEMPLATE = file;
  return () => rm(dir, { recursive: true, force: true });
}
