import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';

// Any fixed number: the key of the advisory lock that migrators of this app take.
const MIGRATION_LOCK_KEY = 4_170_270_061;

/**
 * Applies the migrations in `migrationsFolder` that the database has not recorded, as drizzle's
 * own migrator does (same `drizzle.__drizzle_migrations` table, same hashes), but serialised:
 * drizzle reads the last applied migration before its transaction, so two deploys migrating at
 * once (a production and a preview build on one database, two quick pushes) both see the same
 * migrations pending and the second fails on a table that now exists. Here the read happens
 * inside the transaction, after a transaction-scoped advisory lock, which a transaction-mode
 * pooler keeps (a session lock it would not).
 */
export async function applyMigrations<TSchema extends Record<string, unknown>>(
  db: NodePgDatabase<TSchema>,
  migrationsFolder: string,
): Promise<void> {
  const migrations = readMigrationFiles({ migrationsFolder });
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await tx.execute(sql`create schema if not exists drizzle`);
    await tx.execute(
      sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`,
    );
    const { rows } = await tx.execute<{ created_at: string | null }>(
      sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
    );
    const last = rows[0]?.created_at == null ? null : Number(rows[0].created_at);
    for (const migration of migrations) {
      if (last !== null && migration.folderMillis <= last) continue;
      for (const statement of migration.sql) await tx.execute(sql.raw(statement));
      await tx.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`,
      );
    }
  });
}
