import { createHmac, timingSafeEqual } from 'node:crypto';
import { env } from '@/lib/env';

// proxy.ts has just read the user's entitlements for a gated page; the page checks again, in
// case a route ever escapes the proxy's matcher. The proxy hands its answer to the page in a
// request header so that the page need not read the database a second time. The header is
// signed with AUTH_SECRET (a client could send one of its own on a route the proxy does not
// cover), names the user and the feature, and lasts seconds: long enough for one render.

export const GATE_PASS_HEADER = 'x-entitle-gate-pass';
const LIFETIME_MS = 10_000;

function signature(userId: string, feature: string, issuedAt: number): Buffer {
  return createHmac('sha256', env.authSecret).update(`entitle-gate-pass|${userId}|${feature}|${issuedAt}`).digest();
}

/** Issued by the proxy once it has seen `feature` among the user's entitlements. */
export function issueGatePass(userId: string, feature: string, now = Date.now()): string {
  return `${now}.${signature(userId, feature, now).toString('base64url')}`;
}

/** True only for a pass this server issued, for this user and feature, in the last seconds. */
export function isValidGatePass(pass: string | null | undefined, userId: string, feature: string, now = Date.now()): boolean {
  const [issued, mac] = pass?.split('.') ?? [];
  const issuedAt = Number(issued);
  if (!mac || !Number.isSafeInteger(issuedAt) || issuedAt > now || now - issuedAt > LIFETIME_MS) return false;
  const given = Buffer.from(mac, 'base64url');
  const expected = signature(userId, feature, issuedAt);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
