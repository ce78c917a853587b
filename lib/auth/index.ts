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
import { authConfig } from './config';
import { PASSWORD_MAX_LENGTH } from './password';
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
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        return authenticateWithPassword(parsed.data.email, parsed.data.password);
      },
    }),
    ...(env.githubAuth ? [GitHub(env.githubAuth)] : []),
  ],
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
