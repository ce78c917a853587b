import { sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { createSession, isSessionLive } from '@/lib/auth/sessions';
import { getActiveFeatures } from '@/lib/entitlements/features';
import { queryRows } from '../support/sql';

// Named server-side prepared statements live in one server connection; through a transaction-mode
// pooler the app's next use of one lands on another (or on a same-named statement of another
// client). The app's `.prepare('name')`d statements must reach the server unnamed.
vi.hoisted(() => {
  // One connection, so the statements the app ran are visible from the session that ran them.
  process.env.DATABASE_POOL_MAX = '1';
});

describe.skipIf(!process.env.TEST_POSTGRES_URL)(
  'statements the app prepares (PostgreSQL; skipped on PGlite, which has no server connection to keep them)',
  () => {
    it('leave no named prepared statement on the server connection', async () => {
      const [user] = await getDb().insert(users).values({ email: `unnamed-${crypto.randomUUID()}@example.com` }).returning({ id: users.id });
      const sid = await createSession(user!.id);
      // Each runs one of the app's `.prepare()`d statements, twice (a named one would be reused).
      for (let i = 0; i < 2; i++) {
        expect(await isSessionLive(sid, user!.id)).toBe(true);
        expect(await getActiveFeatures(user!.id)).toEqual([]);
      }
      const [named] = await queryRows<{ count: string }>(sql`select count(*)::text as count from pg_prepared_statements`);
      expect(Number(named?.count)).toBe(0);
    });
  },
);
