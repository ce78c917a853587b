import { encode } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { handlers } from '@/lib/auth';
import { createSession } from '@/lib/auth/sessions';
import { createUserWithPassword } from '@/lib/auth/users';
import { env } from '@/lib/env';

export const ORIGIN = 'http://localhost:3000';

function cookiePairs(setCookies: string[]): string {
  return setCookies.map((c) => c.split(';')[0]).join('; ');
}

/** A CSRF token and the cookie that goes with it, as a browser gets them before posting a form. */
export async function csrfThroughAuthJs(): Promise<{ csrfToken: string; cookie: string }> {
  const response = await handlers.GET(new NextRequest(`${ORIGIN}/api/auth/csrf`));
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { csrfToken, cookie: cookiePairs(response.headers.getSetCookie()) };
}

/** A form post to an Auth.js endpoint with its CSRF token, the way a browser sends it. */
export async function postToAuthJs(path: string, fields: Record<string, string>, cookie = ''): Promise<Response> {
  const csrf = await csrfThroughAuthJs();
  return handlers.POST(
    new NextRequest(`${ORIGIN}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [csrf.cookie, cookie].filter(Boolean).join('; ') },
      body: new URLSearchParams({ csrfToken: csrf.csrfToken, ...fields }),
    }),
  );
}

/** Drives the real Auth.js route handler the way a browser would: CSRF token, cookie, form post. */
export async function signInThroughAuthJs(
  email: string,
  password: string,
  callbackUrl = `${ORIGIN}/dashboard`,
): Promise<{ location: string; sessionCookie: string | null }> {
  const response = await postToAuthJs('/api/auth/callback/credentials', { email, password, callbackUrl });
  const sessionCookie = response.headers.getSetCookie().find((c) => c.startsWith('authjs.session-token=')) ?? null;
  return { location: response.headers.get('location') ?? '', sessionCookie };
}

/** The sign-out form Auth.js serves (POST /api/auth/signout with its CSRF token). */
export async function signOutThroughAuthJs(sessionCookie: string | null, callbackUrl?: string): Promise<Response> {
  const cookie = sessionCookie?.split(';')[0] ?? '';
  return postToAuthJs('/api/auth/signout', callbackUrl === undefined ? {} : { callbackUrl }, cookie);
}

/** What GET /api/auth/session answers for this cookie (null when signed out). */
export async function sessionThroughAuthJs(sessionCookie: string | null): Promise<{ user?: { id?: string } } | null> {
  const headers: Record<string, string> = sessionCookie ? { cookie: sessionCookie.split(';')[0] ?? '' } : {};
  const response = await handlers.GET(new NextRequest(`${ORIGIN}/api/auth/session`, { headers }));
  return (await response.json()) as { user?: { id?: string } } | null;
}

/** A user made with a password and signed in through Auth.js, with the session cookie a browser would hold. */
export async function signedInUser(email: string, password: string, name?: string): Promise<{ userId: string; cookie: string }> {
  const created = await createUserWithPassword({ email, password, name });
  if (!('user' in created)) throw new Error(`could not create ${email}`);
  const { sessionCookie } = await signInThroughAuthJs(email, password);
  if (!sessionCookie) throw new Error(`${email} could not sign in`);
  return { userId: created.user.id, cookie: sessionCookie };
}

/** An account made by GitHub (no password, its address vouched for), signed in as Auth.js would sign it in. */
export async function passwordlessUser(email: string): Promise<{ userId: string; cookie: string }> {
  const [user] = await getDb().insert(users).values({ email, emailVerified: new Date() }).returning({ id: users.id });
  if (!user) throw new Error('no user');
  const sid = await createSession(user.id);
  const cookieName = 'authjs.session-token';
  const value = await encode({ token: { sub: user.id, sid, email }, secret: env.authSecret, salt: cookieName });
  return { userId: user.id, cookie: `${cookieName}=${value}` };
}
