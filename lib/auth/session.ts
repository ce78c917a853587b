import 'server-only';
import { getToken } from 'next-auth/jwt';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { auth } from '@/lib/auth';
import { env } from '@/lib/env';

export type SessionUser = { id: string; email: string | null; name: string | null };

// One decryption of the session cookie (and one check of its session row) per request, however
// many layouts, pages and actions ask for it.
const currentSession = cache(() => auth());

/** The signed-in user, or null. */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await currentSession();
  if (!session?.user?.id) return null;
  return { id: session.user.id, email: session.user.email ?? null, name: session.user.name ?? null };
}

/**
 * The signed-in user, for server components and actions. The proxy already turns signed-out
 * visitors away; this checks again where the data is read, which is where it counts.
 */
export async function requireUser(callbackPath = '/dashboard'): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(callbackPath)}`);
  return user;
}

/**
 * The id of the session this request is signed in with (the `sid` claim), so that "end my other
 * sessions" can keep it. Read from the cookie itself: the id is never put in the session object,
 * which `/api/auth/session` hands to browser scripts.
 */
export async function currentSessionId(userId: string): Promise<string | null> {
  // Only the cookie: getToken would also accept a bearer token from the Authorization header.
  const request = { headers: { cookie: (await headers()).get('cookie') ?? '' } };
  // Auth.js names the cookie `__Secure-…` on https and plainly on http; the name is the salt.
  for (const secureCookie of [true, false]) {
    const token = await getToken({ req: request, secret: env.authSecret, secureCookie });
    if (token?.sub === userId && typeof token.sid === 'string') return token.sid;
  }
  return null;
}
