import { createHmac, timingSafeEqual } from 'node:crypto';
import { env } from '@/lib/env';
import type { SessionUser, VerifiedSession } from './read-session';

// No `server-only` here: proxy.ts issues passes.

/**
 * proxy.ts has just opened the session cookie and checked its session row; the page would do
 * both again. The proxy hands what it found to the page in a request header instead, which the
 * page checks with one HMAC. The pass is signed with AUTH_SECRET (the proxy drops whatever a
 * client sends under this name, and a route the proxy does not run for must not take one a client
 * made), names the user and the session, is bound to the very cookie it was read from (it opens
 * nothing without that cookie, and says nothing another cookie could use), and lasts seconds:
 * long enough for one render. A revoked session is refused by the proxy on the next request, as
 * it is without passes.
 */

export const SESSION_PASS_HEADER = 'x-entitle-session-pass';
const LIFETIME_MS = 10_000;

function signature(payload: string, cookieValue: string): Buffer {
  return createHmac('sha256', env.authSecret).update(`entitle-session-pass|${payload}|${cookieValue}`).digest();
}

/** Issued by the proxy for a session it has just verified. */
export function issueSessionPass(session: VerifiedSession, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify([now, session.user.id, session.sid, session.user.email, session.user.name])).toString('base64url');
  return `${payload}.${signature(payload, session.cookie.value).toString('base64url')}`;
}

/**
 * The user and session a pass names, if this server issued it in the last seconds for the session
 * cookie `cookieValue`; otherwise null (the caller then reads the cookie itself).
 */
export function acceptSessionPass(pass: string | null | undefined, cookieValue: string | null | undefined, now = Date.now()): { user: SessionUser; sid: string } | null {
  if (!pass || !cookieValue) return null;
  const [payload, mac, ...rest] = pass.split('.');
  if (!payload || !mac || rest.length > 0) return null;
  const given = Buffer.from(mac, 'base64url');
  const expected = signature(payload, cookieValue);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(fields) || fields.length !== 5) return null;
  const [issuedAt, id, sid, email, name] = fields as unknown[];
  if (typeof issuedAt !== 'number' || !Number.isSafeInteger(issuedAt) || issuedAt > now || now - issuedAt > LIFETIME_MS) return null;
  if (typeof id !== 'string' || typeof sid !== 'string') return null;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return { user: { id, email: text(email), name: text(name) }, sid };
}
