import { randomBytes } from 'node:crypto';
import { and, eq, lt, ne, sql } from 'drizzle-orm';
import { databaseIsEmbedded, getDb, preparedStatements, type Database } from '@/db/client';
import { sessions } from '@/db/schema';

// No `server-only` here: lib/auth/config.ts checks sessions inside proxy.ts, which is not a React
// environment.

/**
 * Server-side records of the JWT sessions. Each session cookie carries a random `sid`; the
 * session is alive while its row is. Signing out, a password change and "sign out of all
 * devices" delete rows, which ends those sessions at once, however long their cookie was
 * meant to last.
 */

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
// Auth.js re-issues the cookie with a fresh expiry on every request; the row moves with it at
// most once a day, so an active session stays alive without a write on every request.
const SESSION_REFRESH_SECONDS = 24 * 60 * 60;

type SessionRow = { userId: string; expires: Date };

// Runs on every signed-in request, in the proxy and again in pages: prepared once.
const statements = preparedStatements((db) => ({
  find: db
    .select({ userId: sessions.userId, expires: sessions.expires })
    .from(sessions)
    .where(eq(sessions.sessionToken, sql.placeholder('sid')))
    .limit(1)
    .prepare('find_session'),
}));

/**
 * Session rows kept in memory, for the embedded database only. PGlite admits one process, so
 * every deletion happens in this process, through this module, which drops the entries it
 * deletes; on a server database other instances delete rows too, so there every check reads.
 * Kept on globalThis because proxy.ts and the routes are separate bundles in one process.
 */
type Cache = { rows: Map<string, SessionRow>; generation: number };
const store = globalThis as typeof globalThis & { __entitleSessionCache?: WeakMap<Database, Cache> };
// A bound on memory, not a policy: past it the cache starts again empty.
const CACHE_LIMIT = 100_000;

function cache(): Cache | null {
  if (!databaseIsEmbedded()) return null;
  store.__entitleSessionCache ??= new WeakMap();
  const db = getDb();
  let found = store.__entitleSessionCache.get(db);
  if (!found) store.__entitleSessionCache.set(db, (found = { rows: new Map(), generation: 0 }));
  return found;
}

function remember(c: Cache | null, sid: string, row: SessionRow): void {
  if (!c) return;
  if (c.rows.size >= CACHE_LIMIT) c.rows.clear();
  c.rows.set(sid, row);
}

function newExpiry(): Date {
  return new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
}

/** Records a new session for `userId` and returns its id, for the `sid` claim. */
export async function createSession(userId: string): Promise<string> {
  const sid = randomBytes(32).toString('base64url');
  const row = { userId, expires: newExpiry() };
  const db = getDb();
  // Sessions that ran out are refused anyway; this keeps a user's rows from piling up.
  await db.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expires, new Date())));
  await db.insert(sessions).values({ sessionToken: sid, ...row });
  remember(cache(), sid, row);
  return sid;
}

/** True while the session `sid` of `userId` has not been ended and has not run out. */
export async function isSessionLive(sid: string, userId: string): Promise<boolean> {
  const c = cache();
  let row = c?.rows.get(sid);
  if (!row) {
    const generation = c?.generation;
    [row] = await statements().find.execute({ sid });
    if (!row) return false;
    // A deletion that ran while this read was out may have removed the row just read.
    if (c && c.generation === generation) remember(c, sid, row);
  }
  const now = Date.now();
  if (row.userId !== userId || row.expires.getTime() <= now) return false;
  if (row.expires.getTime() - now < (SESSION_MAX_AGE_SECONDS - SESSION_REFRESH_SECONDS) * 1000) await refresh(sid, userId);
  return true;
}

async function refresh(sid: string, userId: string): Promise<void> {
  const c = cache();
  const generation = c?.generation;
  const expires = newExpiry();
  const [updated] = await getDb()
    .update(sessions)
    .set({ expires })
    .where(eq(sessions.sessionToken, sid))
    .returning({ sid: sessions.sessionToken });
  if (updated && c && c.generation === generation) remember(c, sid, { userId, expires });
}

/** Ends one session (signing out). */
export async function endSession(sid: string): Promise<void> {
  await getDb().delete(sessions).where(eq(sessions.sessionToken, sid));
  const c = cache();
  if (!c) return;
  c.generation += 1;
  c.rows.delete(sid);
}

/**
 * Ends every session of `userId`, except `keep` when given (the session that asked). Inside a
 * transaction pass it as `db`, and call `forgetUserSessions` once it has committed.
 */
export async function endUserSessions(userId: string, keep?: string, db: Database = getDb()): Promise<void> {
  await db.delete(sessions).where(keep ? and(eq(sessions.userId, userId), ne(sessions.sessionToken, keep)) : eq(sessions.userId, userId));
  forgetUserSessions(userId, keep);
}

/**
 * Drops the cached rows of `userId` (but `keep`) once their deletion is visible. The generation
 * moves on, so a check that read a row before the deletion does not put it back.
 */
export function forgetUserSessions(userId: string, keep?: string): void {
  const c = cache();
  if (!c) return;
  c.generation += 1;
  for (const [sid, row] of c.rows) if (row.userId === userId && sid !== keep) c.rows.delete(sid);
}

/**
 * Whether the claims of a session token (the `jwt` callback's, or lib/auth/read-session.ts's)
 * name a live session of their user. A token without a session id (forged, or issued before
 * sessions were recorded) names none.
 */
export async function isTokenLive(claims: { sid?: unknown; sub?: unknown }): Promise<boolean> {
  if (typeof claims.sid !== 'string' || typeof claims.sub !== 'string') return false;
  return isSessionLive(claims.sid, claims.sub);
}
