import { NextRequest } from 'next/server';

export const ORIGIN = 'http://localhost:3000';

type AuthRoute = {
  GET: (request: NextRequest) => Promise<Response>;
  POST: (request: NextRequest) => Promise<Response>;
};

/** The Auth.js route module as Next.js loads it (a fresh import after vi.resetModules is a new instance). */
export function loadAuthRoute(): Promise<AuthRoute> {
  return import('@/app/api/auth/[...nextauth]/route');
}

/** A browser's CSRF token and cookie, fetched once; Auth.js accepts the pair on any number of posts. */
export async function csrfFor(route: AuthRoute): Promise<{ csrfToken: string; cookie: string }> {
  const response = await route.GET(new NextRequest(`${ORIGIN}/api/auth/csrf`));
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { csrfToken, cookie };
}

/** A password guess posted straight to /api/auth/callback/credentials, as a script would. */
export async function postCredentials(
  route: AuthRoute,
  csrf: { csrfToken: string; cookie: string },
  { email, password, clientAddress }: { email: string; password: string; clientAddress?: string },
): Promise<Response> {
  const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', cookie: csrf.cookie });
  if (clientAddress) headers.set('x-forwarded-for', clientAddress);
  return route.POST(
    new NextRequest(`${ORIGIN}/api/auth/callback/credentials`, {
      method: 'POST',
      headers,
      body: new URLSearchParams({ csrfToken: csrf.csrfToken, email, password, callbackUrl: `${ORIGIN}/dashboard` }),
    }),
  );
}

export function sessionCookieOf(response: Response): string | undefined {
  return response.headers.getSetCookie().find((c) => c.startsWith('authjs.session-token='));
}
