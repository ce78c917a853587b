import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { migrateDatabase } from '@/db/client';
import { queryRows } from '../support/sql';

async function tableNames(): Promise<string[]> {
  const rows = await queryRows<{ table_name: string }>(
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  );
  return rows.map((row) => row.table_name);
}

describe('migrations', () => {
  it('create every table of the schema', async () => {
    expect(await tableNames()).toEqual(expect.arrayContaining(['account', 'session', 'user', 'verification_token']));
  });

  it('are recorded, so applying them again changes nothing', async () => {
    const before = await tableNames();
    await migrateDatabase();
    expect(await tableNames()).toEqual(before);
    const [applied] = await queryRows<{ count: string | number }>(sql`select count(*) as count from drizzle.__drizzle_migrations`);
    expect(Number(applied?.count)).toBeGreaterThan(0);
  });
});
