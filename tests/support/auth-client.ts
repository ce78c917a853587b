import { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth';

const ORIGIN = 'http://localhost:3000';

/** Drives the real Auth.js route handler the way a browser would: CSRF token, cookie, form post. */
export async function signInThroughAuthJs(email: string, password: string): Promise<{ location: string; sessionCookie: string | null }> {
  const csrfResponse = await handlers.GET(new NextRequest(`${ORIGIN}/api/auth/csrf`));
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const cookie = csrfResponse.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const response = await handlers.POST(
    new NextRequest(`${ORIGIN}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${ORIGIN}/dashboard` }),
    }),
  );
  const sessionCookie = response.headers.getSetCookie().find((c) => c.startsWith('authjs.session-token=')) ?? null;
  return { location: response.headers.get('location') ?? '', sessionCookie };
}
