import { encode } from 'next-auth/jwt';
import { env } from '@/lib/env';
import { isTokenLive, SESSION_MAX_AGE_SECONDS } from './sessions';
import { decryptSessionToken, SECURE_SESSION_COOKIE, sessionCookieFrom, type SessionCookie } from './session-token';

// No `server-only` here: proxy.ts reads sessions with this too.

/** A user as the app passes them around (a session's user, a sign-in's, an action's): never their secrets. */
export type SessionUser = { id: string; email: string | null; name: string | null };

/** A session read from its cookie and checked against its row: who, which session, and the cookie it came in. */
export type VerifiedSession = { user: SessionUser; sid: string; cookie: SessionCookie; claims: Record<string, unknown> };

/**
 * The session a Cookie header carries, or null: the cookie must open under this server's secret
 * and name a live session row of its user (lib/auth/sessions.ts), the same checks as the `jwt`
 * callback in lib/auth/config.ts. Null when there is no cookie, too.
 */
export async function readSession(cookieHeader: string | null | undefined): Promise<VerifiedSession | null> {
  const cookie = sessionCookieFrom(cookieHeader);
  if (!cookie) return null;
  const claims = decryptSessionToken(cookie.value, cookie.name);
  if (!claims || !(await isLiveOrFailClosed(claims))) return null;
  const { sub, sid, email, name } = claims;
  if (typeof sub !== 'string' || typeof sid !== 'string') return null;
  return {
    user: { id: sub, email: typeof email === 'string' ? email : null, name: typeof name === 'string' ? name : null },
    sid,
    cookie,
    claims,
  };
}

// Auth.js re-issues the cookie with a fresh expiry on every request it reads a session for;
// re-encrypting once a day keeps a used session from running out the same way, as the session
// row's own expiry does (SESSION_REFRESH_SECONDS in sessions.ts).
const REISSUE_AFTER_SECONDS = 24 * 60 * 60;

export type SessionCookieToSet = { name: string; value: string; options: { httpOnly: true; sameSite: 'lax'; path: '/'; secure: boolean; expires: Date } };

/** The session's cookie issued again with a fresh expiry, once it is a day old; otherwise null. */
export async function reissuedSessionCookie(session: VerifiedSession, now = Date.now()): Promise<SessionCookieToSet | null> {
  const { iat, exp, jti, ...claims } = session.claims;
  void exp;
  void jti;
  if (typeof iat === 'number' && now / 1000 - iat < REISSUE_AFTER_SECONDS) return null;
  const value = await encode({ token: claims, secret: env.authSecret, salt: session.cookie.name, maxAge: SESSION_MAX_AGE_SECONDS });
  return {
    name: session.cookie.name,
    value,
    options: { httpOnly: true, sameSite: 'lax', path: '/', secure: session.cookie.name === SECURE_SESSION_COOKIE, expires: new Date(now + SESSION_MAX_AGE_SECONDS * 1000) },
  };
}

/** A session whose row cannot be read (the database is down) counts as signed out, as Auth.js treats a failing `jwt` callback. */
async function isLiveOrFailClosed(claims: Record<string, unknown>): Promise<boolean> {
  try {
    return await isTokenLive(claims);
  } catch (error) {
    console.error('[auth] session check failed, treated as signed out', error);
    return false;
  }
}
