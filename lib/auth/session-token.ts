import { createDecipheriv, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { env } from '@/lib/env';

// No `server-only` here: proxy.ts reads sessions too, and the proxy is not a React environment.

/**
 * Reads Auth.js's session cookie: a JWE (`dir`, `A256CBC-HS512`) under a key that Auth.js derives
 * from AUTH_SECRET with HKDF, salted with the cookie's name. Auth.js's own `decode` derives that
 * key again and runs four WebCrypto calls on every read (about 1.5–2.5 ms of a loaded core per
 * cookie here, paid by the proxy and again by the page); the key never changes, and the same
 * checks in node:crypto take microseconds. Cookies are still written by Auth.js (`encode`), so
 * the format stays Auth.js's and sessions issued before keep working.
 */

export const SESSION_COOKIE = 'authjs.session-token';
/** Auth.js's name for the cookie on https. */
export const SECURE_SESSION_COOKIE = `__Secure-${SESSION_COOKIE}`;
// jose's default in Auth.js's decode: an `exp` this many seconds past still counts.
const CLOCK_TOLERANCE_SECONDS = 15;

type Keys = { mac: Buffer; enc: Buffer };
const keys = new Map<string, Keys>();

/** RFC 7518 §5.2: the first half of the 64-byte key signs, the second encrypts. */
function keysFor(salt: string): Keys {
  let found = keys.get(salt);
  if (!found) {
    const key = Buffer.from(hkdfSync('sha256', env.authSecret, salt, `Auth.js Generated Encryption Key (${salt})`, 64));
    found = { mac: key.subarray(0, 32), enc: key.subarray(32) };
    keys.set(salt, found);
  }
  return found;
}

export type SessionCookie = { name: string; value: string };

/**
 * The session cookie in a Cookie header, reassembled from Auth.js's chunks (`name.0`, `name.1`, …)
 * when it was too long for one. The https name first; either way the name is the key's salt, so a
 * value only opens under the name it was issued for.
 */
export function sessionCookieFrom(cookieHeader: string | null | undefined): SessionCookie | null {
  if (!cookieHeader) return null;
  const found = new Map<string, Map<string, string>>();
  for (const pair of cookieHeader.split(';')) {
    const at = pair.indexOf('=');
    if (at < 0) continue;
    const key = pair.slice(0, at).trim();
    for (const name of [SECURE_SESSION_COOKIE, SESSION_COOKIE]) {
      if (key !== name && !key.startsWith(`${name}.`)) continue;
      let chunks = found.get(name);
      if (!chunks) found.set(name, (chunks = new Map()));
      // Like Auth.js's cookie parser: the first of two cookies of one name wins.
      if (!chunks.has(key)) chunks.set(key, pair.slice(at + 1).trim());
    }
  }
  for (const name of [SECURE_SESSION_COOKIE, SESSION_COOKIE]) {
    const chunks = found.get(name);
    if (!chunks) continue;
    // Auth.js writes one cookie while the token fits, chunks only past 4 KB.
    const whole = chunks.get(name);
    if (whole !== undefined) return { name, value: whole };
    const parts = [...chunks]
      .filter(([key]) => key !== name)
      .sort(([a], [b]) => Number(a.slice(name.length + 1)) - Number(b.slice(name.length + 1)));
    return { name, value: parts.map(([, v]) => v).join('') };
  }
  return null;
}

/** Every name the session cookie may go under in this Cookie header, chunks included (to clear them). */
export function sessionCookieNames(cookieHeader: string | null | undefined): string[] {
  if (!cookieHeader) return [];
  return cookieHeader
    .split(';')
    .map((pair) => pair.slice(0, Math.max(0, pair.indexOf('='))).trim())
    .filter((key) => [SECURE_SESSION_COOKIE, SESSION_COOKIE].some((name) => key === name || key.startsWith(`${name}.`)));
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function bytes(part: string): Buffer | null {
  return BASE64URL.test(part) ? Buffer.from(part, 'base64url') : null;
}

/**
 * The claims of a session cookie's value, or null unless it is a JWE this server's secret made
 * for the cookie `salt`, untampered (HMAC-SHA-512/256 checked before anything is decrypted) and
 * not expired. What Auth.js's `decode` accepts for one secret, except the `A256GCM` content
 * encryption, which Auth.js never writes.
 */
export function decryptSessionToken(token: string, salt: string, now = Date.now()): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 5) return null;
  const [protectedHeader = '', encryptedKey, ivPart = '', ciphertextPart = '', tagPart = ''] = parts;
  if (encryptedKey !== '') return null; // `dir`: no key travels with the token
  const headerBytes = bytes(protectedHeader);
  const iv = bytes(ivPart);
  const ciphertext = bytes(ciphertextPart);
  const tag = bytes(tagPart);
  if (!headerBytes || !iv || !ciphertext || !tag || iv.length !== 16 || tag.length !== 32 || ciphertext.length === 0) return null;
  let header: unknown;
  try {
    header = JSON.parse(headerBytes.toString('utf8'));
  } catch {
    return null;
  }
  // Compression and critical extensions are refused, as jose refuses what it does not implement.
  if (!isRecord(header) || header.alg !== 'dir' || header.enc !== 'A256CBC-HS512' || 'zip' in header || 'crit' in header) return null;

  const { mac, enc } = keysFor(salt);
  // RFC 7518 §5.2.2.1: the tag covers the protected header (as sent), the IV, the ciphertext and
  // the header's length in bits.
  const aad = Buffer.from(protectedHeader, 'ascii');
  const aadBits = Buffer.alloc(8);
  aadBits.writeBigUInt64BE(BigInt(aad.length) * 8n);
  const expected = createHmac('sha512', mac).update(aad).update(iv).update(ciphertext).update(aadBits).digest().subarray(0, 32);
  if (!timingSafeEqual(expected, tag)) return null;

  let claims: unknown;
  try {
    const decipher = createDecipheriv('aes-256-cbc', enc, iv);
    claims = JSON.parse(Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8'));
  } catch {
    return null;
  }
  if (!isRecord(claims)) return null;
  // jose's checks on the times a token carries.
  const seconds = Math.floor(now / 1000);
  for (const claim of ['exp', 'iat', 'nbf'] as const) {
    if (claim in claims && typeof claims[claim] !== 'number') return null;
  }
  if (typeof claims.exp === 'number' && claims.exp <= seconds - CLOCK_TOLERANCE_SECONDS) return null;
  if (typeof claims.nbf === 'number' && claims.nbf > seconds + CLOCK_TOLERANCE_SECONDS) return null;
  return claims;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
