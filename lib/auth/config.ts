import type { NextAuthConfig } from 'next-auth';
import { env } from '@/lib/env';
import { safeCallbackUrl } from './callback-url';
import { createSession, isTokenLive, SESSION_MAX_AGE_SECONDS } from './sessions';

declare module '@auth/core/jwt' {
  interface JWT {
    /** The server-side session this token belongs to (lib/auth/sessions.ts). */
    sid?: string;
  }
}

/**
 * The part of the Auth.js config that needs no database (the adapter and the password hasher
 * come in lib/auth/index.ts).
 */
export const authConfig = {
  secret: env.authSecret,
  // Lets Auth.js run behind any proxy. In production its URLs still never come from request
  // headers: the server pins AUTH_URL to the configured origin (lib/server-start.ts), and
  // `redirect` below only ever returns that origin.
  trustHost: true,
  // Credentials sign-in needs JWT sessions.
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  // Auth.js's own error page would be unstyled: a dead magic link lands on ours (?error=Verification).
  pages: { signIn: '/sign-in', error: '/sign-in' },
  providers: [],
  logger: {
    // A failed sign-in is an expected answer, not a server error worth a stack trace. Auth.js's
    // `type`, not `name`: a production build minifies class names (`name` became 'l').
    // A dead or refused magic link (Verification, AccessDenied) is one too.
    error(error) {
      const expected = 'type' in error && ['CredentialsSignin', 'Verification', 'AccessDenied'].includes(String(error.type));
      if (!expected) console.error('[auth]', error);
    },
  },
  callbacks: {
    // A JWT alone cannot be revoked: each one names a session row, and is refused once the row
    // is gone (signed out, password changed, signed out everywhere) or without one (forged, or
    // issued before sessions were recorded). Returning null ends the session and clears the cookie.
    // Pages and proxy.ts read the cookie with the same check (lib/auth/read-session.ts).
    async jwt({ token, user }) {
      if (user?.id) {
        token.sub = user.id;
        token.sid = await createSession(user.id);
        return token;
      }
      return (await isTokenLive(token)) ? token : null;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
    redirect({ url, baseUrl }) {
      // Auth.js derives baseUrl from the request (X-Forwarded-Host, which any client sets); a
      // production server sends users only to its configured origin.
      const origin = env.production && env.siteUrl ? new URL(env.siteUrl).origin : baseUrl;
      return new URL(safeCallbackUrl(url, origin, '/'), origin).toString();
    },
  },
} satisfies NextAuthConfig;
