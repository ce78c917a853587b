import 'server-only';
import { DrizzleAdapter } from '@auth/drizzle-adapter';
import NextAuth, { type DefaultSession } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import GitHub from 'next-auth/providers/github';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { accounts, sessions, users, verificationTokens } from '@/db/schema';
import { createCustomerAtSignUp } from '@/lib/billing/customers';
import { env } from '@/lib/env';
import { clientAddressFrom } from '@/lib/http/client-address';
import { authConfig } from './config';
import { accountForSignInLink, MAGIC_LINK_PROVIDER_ID, magicLinkProvider } from './magic-link';
import { PASSWORD_MAX_LENGTH } from './password';
import { clearPasswordAttempts, limitPasswordAttempt, refuseSignIn } from './rate-limits';
import { endSession } from './sessions';
import { authenticateWithPassword } from './users';

declare module 'next-auth' {
  interface Session {
    user: { id: string } & DefaultSession['user'];
  }
}

const credentialsSchema = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

// A function config: the adapter opens the database on the first request, not at import.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  adapter: DrizzleAdapter(getDb(), {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  }),
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      // Both ways in come through here: the sign-in Server Action (signIn() in-process, with the
      // action request's headers) and a POST to /api/auth/callback/credentials.
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        // Counted before the Argon2 check, so a refused guess costs no hashing time.
        const attempt = await limitPasswordAttempt({ email, clientAddress: clientAddressFrom(request.headers) });
        if (!attempt.allowed) throw refuseSignIn(attempt.retryAfterSeconds);
        const user = await authenticateWithPassword(email, password);
        if (user) await clearPasswordAttempts(email);
        return user;
      },
    }),
    ...(env.githubAuth ? [GitHub(env.githubAuth)] : []),
    magicLinkProvider(),
  ],
  callbacks: {
    ...authConfig.callbacks,
    // A magic link signs in to an existing account only (lib/auth/magic-link.ts). Asking for one
    // is allowed for any address (the page must answer the same); following one is not, so a
    // token for an address without an account can never create one.
    async signIn({ user, account, email }) {
      if (account?.provider !== MAGIC_LINK_PROVIDER_ID || email?.verificationRequest) return true;
      return Boolean(user.email && (await accountForSignInLink(user.email))?.confirmed);
    },
  },
  events: {
    // Users created by the adapter (GitHub sign-in); password sign-ups do this in their action.
    async createUser({ user }) {
      if (user.id) await createCustomerAtSignUp(user.id);
    },
    // With JWT sessions Auth.js hands over the decoded token: its session row goes, so a copy
    // of the cookie kept from before signing out opens nothing.
    async signOut(message) {
      if ('token' in message && typeof message.token?.sid === 'string') await endSession(message.token.sid);
    },
  },
}));

export const githubSignInEnabled = Boolean(env.githubAuth);
