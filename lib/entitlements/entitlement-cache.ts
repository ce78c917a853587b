import { databaseIsEmbedded, getDb, type Database } from '@/db/client';

/**
 * Entitlements kept in memory, for the embedded database only. PGlite admits one process, so
 * every write to the entitlement rows happens in this process, through the sync, which replaces
 * the entry when it commits: the copy cannot go stale. (A server database may be written by
 * other instances, so there the gate always reads the database.) On PGlite a query costs the
 * gate more than its whole budget: see bench/README.md.
 *
 * Kept on globalThis because proxy.ts and the routes are separate bundles in one process.
 */
type Cache = { features: Map<string, string[]>; versions: Map<string, number> };
const store = globalThis as typeof globalThis & { __entitleEntitlementCache?: WeakMap<Database, Cache> };

function cache(): Cache | null {
  if (!databaseIsEmbedded()) return null;
  store.__entitleEntitlementCache ??= new WeakMap();
  const db = getDb();
  let found = store.__entitleEntitlementCache.get(db);
  if (!found) store.__entitleEntitlementCache.set(db, (found = { features: new Map(), versions: new Map() }));
  return found;
}

/** The cached features of a user, else `read()`'s, remembered unless a sync wrote meanwhile. */
export async function cachedFeatures(userId: string, read: () => Promise<string[]>): Promise<string[]> {
  const c = cache();
  if (!c) return read();
  const hit = c.features.get(userId);
  if (hit) return hit;
  const version = c.versions.get(userId) ?? 0;
  const features = await read();
  // A sync that committed while this read ran has the newer answer: keep its entry.
  if ((c.versions.get(userId) ?? 0) === version) c.features.set(userId, features);
  return features;
}

/** Called by the sync once its transaction has committed. */
export function rememberFeatures(userId: string, features: string[]): void {
  const c = cache();
  if (!c) return;
  c.versions.set(userId, (c.versions.get(userId) ?? 0) + 1);
  c.features.set(userId, features);
}
