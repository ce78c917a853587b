import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { readSession, type SessionUser } from './read-session';
import { acceptSessionPass, SESSION_PASS_HEADER } from './session-pass';
import { sessionCookieFrom } from './session-token';

export type { SessionUser };

/**
 * The session of this request, once per request however many layouts, pages and actions ask.
 * Where proxy.ts has just verified it (cookie and session row), its signed pass says so and costs
 * one HMAC; anywhere else (a route the proxy reads no session for, a pass that does not check
 * out) the cookie is opened and its row checked here.
 */
const currentSession = cache(async (): Promise<{ user: SessionUser; sid: string } | null> => {
  const requestHeaders = await headers();
  const cookieHeader = requestHeaders.get('cookie');
  const fromProxy = acceptSessionPass(requestHeaders.get(SESSION_PASS_HEADER), sessionCookieFrom(cookieHeader)?.value);
  return fromProxy ?? (await readSession(cookieHeader));
});

/** The signed-in user, or null. */
export async function currentUser(): Promise<SessionUser | null> {
  return (await currentSession())?.user ?? null;
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
 * sessions" can keep it. Read from the cookie itself (or the proxy's pass for it), never from a
 * bearer token, and never put in the session object that `/api/auth/session` hands to scripts.
 */
export async function currentSessionId(userId: string): Promise<string | null> {
  const session = await currentSession();
  return session?.user.id === userId ? session.sid : null;
}
