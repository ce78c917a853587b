import 'server-only';
import { cookies, headers } from 'next/headers';
import { encode } from 'next-auth/jwt';
import { env } from '@/lib/env';
import { SESSION_MAX_AGE_SECONDS } from './sessions';
import { decryptSessionToken, SECURE_SESSION_COOKIE, sessionCookieFrom } from './session-token';

/**
 * The session cookie carries the name and address the user had at sign-in, and pages show them
 * (the header, the dashboard). After a change of name or email this request's cookie is issued
 * again with the new values, the same session id and a fresh expiry, so this browser shows the
 * change at once; other devices show it from their next sign-in. Only the cookie of `userId`
 * itself is touched: confirming an email change in a browser signed in as someone else changes
 * nothing there.
 */
export async function refreshSessionClaims(userId: string, changes: { name?: string; email?: string }): Promise<void> {
  const cookie = sessionCookieFrom((await headers()).get('cookie'));
  if (!cookie) return;
  const claims = decryptSessionToken(cookie.value, cookie.name);
  if (!claims || claims.sub !== userId) return;
  const { iat, exp, jti, ...kept } = claims;
  void iat;
  void exp;
  void jti;
  const value = await encode({ token: { ...kept, ...changes }, secret: env.authSecret, salt: cookie.name, maxAge: SESSION_MAX_AGE_SECONDS });
  (await cookies()).set(cookie.name, value, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: cookie.name === SECURE_SESSION_COOKIE,
    expires: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
  });
}
