import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { handlers } from '@/lib/auth';
import { signIn } from '@/lib/auth/actions/sign-in';
import { signUp } from '@/lib/auth/actions/sign-up';
import { safeCallbackUrl } from '@/lib/auth/callback-url';
import { createUserWithPassword } from '@/lib/auth/users';
import proxy from '@/proxy';
import { csrfThroughAuthJs, ORIGIN, postToAuthJs, signOutThroughAuthJs, signInThroughAuthJs } from '../support/auth-client';
import { latestMail } from '../support/mailbox';
import { inRequest } from '../support/request-scope';
import { form } from './support/form-post';

const CALLBACK_COOKIE = 'authjs.callback-url';

// Sign-up creates the user's Stripe customer: against the emulator, as everywhere in the suite.
const { emulator } = await vi.hoisted(() => import('../support/billing-harness').then((m) => m.startBillingEmulator()));

/** Where a redirect goes, read as a browser reads a Location header (against the page's URL). */
function originOf(location: string): string {
  return new URL(location, `${ORIGIN}/api/auth/signout`).origin;
}

/** Every spelling of "somewhere else" we know of; each must end on our origin. */
const CRAFTED = [
  '/..//evil.example',
  '/.//evil.example',
  '/%2e%2e//evil.example',
  '/%2E%2E/%2F/evil.example',
  '/x/../..//evil.example',
  '/./%2e/..//evil.example',
  '//evil.example',
  '///evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/%5C/evil.example',
  '%2F%2Fevil.example',
  '/%2F/evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '\t//evil.example',
  ' //evil.example',
  '/%09/evil.example',
  'https://evil.example',
  'https:evil.example',
  'https:/evil.example',
  'http:evil.example',
  'HTTP://EVIL.EXAMPLE',
  'http://localhost:3000@evil.example',
  'http://evil.example#@localhost:3000',
  'http://localhost:3000//evil.example',
  'http://localhost:3000/..//evil.example',
  'javascript:alert(document.domain)',
  'data:text/html,<script>alert(1)</script>',
];

function callbackCookieOf(response: Response): string | null {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${CALLBACK_COOKIE}=`));
  if (!cookie) return null;
  return decodeURIComponent(cookie.slice(CALLBACK_COOKIE.length + 1).split(';')[0] ?? '');
}

beforeAll(async () => {
  await createUserWithPassword({ email: 'redirect-victim@example.com', password: 'right password' });
  return () => emulator.stop();
});

describe('safeCallbackUrl', () => {
  it.each(CRAFTED)('never returns a path that leaves the site: %j', (value) => {
    const result = safeCallbackUrl(value, ORIGIN, '/');
    expect(result.startsWith('/')).toBe(true);
    expect(result.startsWith('//')).toBe(false);
    expect(originOf(result)).toBe(ORIGIN);
    expect(originOf(new URL(result, ORIGIN).toString())).toBe(ORIGIN);
  });

  it('returns exactly the fallback for dot segments that resolve to two slashes', () => {
    expect(safeCallbackUrl('/..//evil.example')).toBe('/dashboard');
    expect(safeCallbackUrl('/.//evil.example')).toBe('/dashboard');
    expect(safeCallbackUrl('/%2e%2e//evil.example')).toBe('/dashboard');
  });

  it('keeps ordinary paths, with their dot segments resolved', () => {
    expect(safeCallbackUrl('/billing/../premium?tab=1', ORIGIN)).toBe('/premium?tab=1');
    expect(safeCallbackUrl(`${ORIGIN}/billing`, ORIGIN)).toBe('/billing');
  });
});

describe('Auth.js endpoints with a crafted callbackUrl', () => {
  it.each(CRAFTED)('GET /api/auth/signout stores only our origin in the callback cookie: %j', async (value) => {
    const response = await handlers.GET(new NextRequest(`${ORIGIN}/api/auth/signout?callbackUrl=${encodeURIComponent(value)}`));
    const location = response.headers.get('location');
    if (location !== null) expect(originOf(location)).toBe(ORIGIN);
    const stored = callbackCookieOf(response);
    // Auth.js itself refuses some values (not an http(s) URL) with an error and stores nothing:
    // it sends the browser to its error page, which is our sign-in page (lib/auth/config.ts).
    if (stored === null) {
      expect(location?.startsWith(`${ORIGIN}/sign-in?error=`) || response.status >= 400).toBe(true);
      return;
    }
    expect(originOf(stored)).toBe(ORIGIN);

    // Then the user presses "Sign out" on that page: the POST carries the stored cookie.
    const { csrfToken, cookie } = await csrfThroughAuthJs();
    const posted = await handlers.POST(
      new NextRequest(`${ORIGIN}/api/auth/signout`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${cookie}; ${CALLBACK_COOKIE}=${encodeURIComponent(stored)}` },
        body: new URLSearchParams({ csrfToken }),
      }),
    );
    expect(posted.status).toBe(302);
    expect(originOf(posted.headers.get('location') ?? '')).toBe(ORIGIN);
  });

  it.each(CRAFTED)('POST /api/auth/signout redirects only to our origin: %j', async (value) => {
    const response = await postToAuthJs('/api/auth/signout', { callbackUrl: value });
    expect(response.status).toBe(302);
    expect(originOf(response.headers.get('location') ?? '')).toBe(ORIGIN);
    const stored = callbackCookieOf(response);
    if (stored !== null) expect(originOf(stored)).toBe(ORIGIN);
  });

  it('a signed-in user pressing sign-out with a crafted callbackUrl stays on our origin', async () => {
    const { sessionCookie } = await signInThroughAuthJs('redirect-victim@example.com', 'right password');
    expect(sessionCookie).not.toBeNull();
    const response = await signOutThroughAuthJs(sessionCookie, '/..//evil.example');
    expect(response.status).toBe(302);
    expect(originOf(response.headers.get('location') ?? '')).toBe(ORIGIN);
  });

  it.each(CRAFTED)('a crafted callback cookie (no parameter) still ends on our origin: %j', async (value) => {
    const { csrfToken, cookie } = await csrfThroughAuthJs();
    const response = await handlers.POST(
      new NextRequest(`${ORIGIN}/api/auth/signout`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${cookie}; ${CALLBACK_COOKIE}=${encodeURIComponent(value)}` },
        body: new URLSearchParams({ csrfToken }),
      }),
    );
    expect(originOf(response.headers.get('location') ?? '')).toBe(ORIGIN);
  });

  it.each(CRAFTED)('GET /api/auth/signin sends to our sign-in page and stores our origin: %j', async (value) => {
    const response = await handlers.GET(new NextRequest(`${ORIGIN}/api/auth/signin?callbackUrl=${encodeURIComponent(value)}`));
    const location = response.headers.get('location') ?? '';
    expect(originOf(location)).toBe(ORIGIN);
    // The sign-in page passes its callbackUrl on; it must name our origin too.
    const passedOn = new URL(location, ORIGIN).searchParams.get('callbackUrl') ?? '/';
    expect(originOf(passedOn)).toBe(ORIGIN);
    const stored = callbackCookieOf(response);
    if (stored !== null) expect(originOf(stored)).toBe(ORIGIN);
  });

  it.each(CRAFTED)('the credentials callback lands a signed-in user on our origin: %j', async (value) => {
    const response = await postToAuthJs('/api/auth/callback/credentials', {
      email: 'redirect-victim@example.com',
      password: 'right password',
      callbackUrl: value,
    });
    expect(response.headers.getSetCookie().some((c) => c.startsWith('authjs.session-token='))).toBe(true);
    expect(originOf(response.headers.get('location') ?? '')).toBe(ORIGIN);
    const stored = callbackCookieOf(response);
    if (stored !== null) expect(originOf(stored)).toBe(ORIGIN);
  });
});

describe('the app’s own redirects with a crafted callbackUrl', () => {
  it.each(CRAFTED)('the sign-in action lands on our origin: %j', async (value) => {
    const outcome = await inRequest(null, () =>
      signIn({}, form({ email: 'redirect-victim@example.com', password: 'right password', callbackUrl: value })),
    );
    expect(outcome.redirectTo).toBeDefined();
    expect(originOf(outcome.redirectTo ?? '')).toBe(ORIGIN);
  });

  it.each(CRAFTED.slice(0, 8))('the sign-up action mails a verification link that lands on our origin, and goes on there: %j', async (value) => {
    const email = `redirect-signup-${CRAFTED.indexOf(value)}@example.com`;
    const outcome = await inRequest(null, () => signUp({}, form({ email, password: 'tangerine-Piano-47-quietly', callbackUrl: value })));
    expect(outcome.redirectTo).toBeUndefined();
    const link = (await latestMail(email, 'verify-email'))?.links[0] ?? 'missing:';
    expect(originOf(link)).toBe(ORIGIN);
    // The verify page sends the user on to `next`, through safeCallbackUrl once more.
    const next = new URL(link).searchParams.get('next');
    expect(originOf(safeCallbackUrl(next))).toBe(ORIGIN);
    if (next !== null) expect(originOf(next)).toBe(ORIGIN);
  });

  it.each(['/dashboard/..%2F..%2F%2Fevil.example', '/dashboard/%2e%2e%2f%2e%2e%2f%2fevil.example', '/billing//evil.example', '/account/%5C%5Cevil.example'])(
    'the proxy sends signed-out visitors to our sign-in page with a callbackUrl that stays here: %j',
    async (path) => {
      const headers = new Headers({ host: 'localhost:3000', 'x-forwarded-proto': 'http' });
      const response = await proxy(new NextRequest(`${ORIGIN}${path}`, { headers }), { params: Promise.resolve({}) });
      const location = new URL(response?.headers.get('location') ?? 'missing:', ORIGIN);
      expect(location.origin).toBe(ORIGIN);
      expect(location.pathname).toBe('/sign-in');
      // The sign-in page and actions read it through safeCallbackUrl.
      expect(originOf(safeCallbackUrl(location.searchParams.get('callbackUrl')))).toBe(ORIGIN);
    },
  );
});
