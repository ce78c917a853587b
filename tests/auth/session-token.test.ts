import { decode, encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { decryptSessionToken, SECURE_SESSION_COOKIE, SESSION_COOKIE, sessionCookieFrom } from '@/lib/auth/session-token';
import { env } from '@/lib/env';

// The session cookie is written by Auth.js and read by lib/auth/session-token.ts: every cookie
// Auth.js would accept must open, and every one it would refuse must not.
const claims = { sub: 'user-1', sid: 'session-1', email: 'reader@example.com', name: 'Reader' };
const mint = (salt = SESSION_COOKIE, options: { secret?: string; maxAge?: number } = {}) =>
  encode({ token: claims, secret: options.secret ?? env.authSecret, salt, maxAge: options.maxAge });

/** What Auth.js's own decode makes of a token: its claims, or null when it throws. */
async function authJsReads(token: string, salt = SESSION_COOKIE): Promise<Record<string, unknown> | null> {
  try {
    return await decode({ token, secret: env.authSecret, salt });
  } catch {
    return null;
  }
}

function alter(token: string, part: number, at = 5): string {
  const parts = token.split('.');
  const bytes = Buffer.from(parts[part] ?? '', 'base64url');
  bytes[at % bytes.length] = (bytes[at % bytes.length] ?? 0) ^ 1;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('reading the Auth.js session cookie', () => {
  it('opens what Auth.js writes, with the same claims Auth.js reads', async () => {
    for (const salt of [SESSION_COOKIE, SECURE_SESSION_COOKIE]) {
      const token = await mint(salt);
      const ours = decryptSessionToken(token, salt);
      expect(ours).toMatchObject(claims);
      expect(ours).toEqual(await authJsReads(token, salt));
    }
  });

  it('refuses a token altered anywhere: header, IV, ciphertext, tag (as Auth.js does)', async () => {
    const token = await mint();
    for (const part of [0, 2, 3, 4]) {
      const altered = alter(token, part);
      expect(decryptSessionToken(altered, SESSION_COOKIE)).toBeNull();
      expect(await authJsReads(altered)).toBeNull();
    }
    // A key smuggled in the token, or parts missing or added.
    const parts = token.split('.');
    expect(decryptSessionToken([parts[0], 'a2V5', ...parts.slice(2)].join('.'), SESSION_COOKIE)).toBeNull();
    expect(decryptSessionToken(parts.slice(0, 4).join('.'), SESSION_COOKIE)).toBeNull();
    expect(decryptSessionToken(`${token}.x`, SESSION_COOKIE)).toBeNull();
  });

  it('refuses a token made with another secret, or for the other cookie name', async () => {
    const foreign = await mint(SESSION_COOKIE, { secret: 'someone-elses-secret-of-enough-length-0123456789' });
    expect(decryptSessionToken(foreign, SESSION_COOKIE)).toBeNull();
    expect(decryptSessionToken(await mint(SECURE_SESSION_COOKIE), SESSION_COOKIE)).toBeNull();
  });

  it('refuses an expired token, and keeps Auth.js’s 15 s of clock tolerance', async () => {
    const token = await mint(SESSION_COOKIE, { maxAge: 60 });
    const now = Date.now();
    expect(decryptSessionToken(token, SESSION_COOKIE, now + 70_000)).not.toBeNull();
    expect(decryptSessionToken(token, SESSION_COOKIE, now + 80_000)).toBeNull();
    const expired = await mint(SESSION_COOKIE, { maxAge: -60 });
    expect(decryptSessionToken(expired, SESSION_COOKIE)).toBeNull();
    expect(await authJsReads(expired)).toBeNull();
  });

  it('refuses other algorithms in the header, even with a valid tag over them', async () => {
    const token = await mint();
    const [, ...rest] = token.split('.');
    for (const header of [{ alg: 'dir', enc: 'A256GCM' }, { alg: 'none', enc: 'A256CBC-HS512' }, { alg: 'dir', enc: 'A256CBC-HS512', zip: 'DEF' }]) {
      expect(decryptSessionToken([Buffer.from(JSON.stringify(header)).toString('base64url'), ...rest].join('.'), SESSION_COOKIE)).toBeNull();
    }
  });

  it('finds the cookie among others, the https name first, and reassembles Auth.js’s chunks', () => {
    expect(sessionCookieFrom(null)).toBeNull();
    expect(sessionCookieFrom('theme=dark; authjs.csrf-token=abc')).toBeNull();
    expect(sessionCookieFrom(`theme=dark; ${SESSION_COOKIE}=plain`)).toEqual({ name: SESSION_COOKIE, value: 'plain' });
    expect(sessionCookieFrom(`${SESSION_COOKIE}=plain; ${SECURE_SESSION_COOKIE}=secure`)).toEqual({ name: SECURE_SESSION_COOKIE, value: 'secure' });
    expect(sessionCookieFrom(`${SESSION_COOKIE}.1=second; x=y; ${SESSION_COOKIE}.0=first`)).toEqual({ name: SESSION_COOKIE, value: 'firstsecond' });
  });
});
