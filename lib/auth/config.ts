import type { NextAuthConfig } from 'next-auth';
import { env } from '@/lib/env';
import { safeCallbackUrl } from './callback-url';

/**
 * The part of the Auth.js config that needs no database: enough to read a session in
 * `proxy.ts` without loading the adapter or the password hasher into it.
 */
export const authConfig = {
  secret: env.authSecret,
  // The app always runs behind Next.js's own server or Vercel, which set the Host header.
  trustHost: true,
  // Credentials sign-in needs JWT sessions; they also let the proxy read a session without a query.
  session: { strategy: 'jwt' },
  pages: { signIn: '/sign-in' },
  providers: [],
  logger: {
    // A failed sign-in is an expected answer, not a server error worth a stack trace.
    error(error) {
      if (error.name !== 'CredentialsSignin') console.error('[auth]', error);
    },
  },
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
    redirect({ url, baseUrl }) {
      return new URL(safeCallbackUrl(url, baseUrl, '/'), baseUrl).toString();
    },
  },
} satisfies NextAuthConfig;
