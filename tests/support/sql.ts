import type { SQL } from 'drizzle-orm';
import { getDb } from '@/db/client';

/** Raw SQL rows on either driver (node-postgres and PGlite both answer a `{ rows }` object). */
export async function queryRows<T extends Record<string, unknown>>(query: SQL): Promise<T[]> {
  const result: unknown = await getDb().execute(query);
  if (result && typeof result === 'object' && 'rows' in result && Array.isArray(result.rows)) return result.rows as T[];
  throw new Error('unexpected result shape from db.execute');
}
