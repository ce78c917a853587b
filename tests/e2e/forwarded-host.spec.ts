import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { emulatorStripe, emulatorUrl, expectSubscribedReturn, payWithCard, PASSWORD, signUp } from './support/journey';

// A client claims, in X-Forwarded-Host, that it reached us through a proxy for another site.
// Nothing the server sends users to (Stripe's success, cancel and return URLs, Auth.js's
// redirects) may point there: the configured origin (NEXT_PUBLIC_SITE_URL) is the only one.
const SPOOFED_HOST = 'evil.example';

type RecordedAction = { url: string; headers: Record<string, string>; body: Buffer | null };

/**
 * The Server Action request a click sends, recorded and kept from the server. Browsers do not
 * let a page choose its Origin, and Next.js runs an action only when Origin matches the
 * forwarded host, so the forger replays the request with both headers (as curl would).
 */
async function recordAction(page: Page, appOrigin: string, click: () => Promise<void>): Promise<RecordedAction> {
  let recorded: RecordedAction | undefined;
  const pattern = `${appOrigin}/**`;
  await page.route(pattern, async (route) => {
    const request = route.request();
    if (request.method() !== 'POST' || !(await request.headerValue('next-action'))) return route.continue();
    recorded = { url: request.url(), headers: await request.allHeaders(), body: request.postDataBuffer() };
    await route.abort();
  });
  await click();
  await expect.poll(() => recorded).toBeDefined();
  await page.unroute(pattern);
  if (!recorded) throw new Error('no Server Action request');
  return recorded;
}

/** Replays the action with the forged headers; returns where the server sends the user. */
async function replayForged(page: Page, appOrigin: string, action: RecordedAction): Promise<URL> {
  const headers: Record<string, string> = { ...action.headers, origin: `http://${SPOOFED_HOST}`, 'x-forwarded-host': SPOOFED_HOST };
  delete headers['content-length'];
  delete headers.host;
  const response = await page.request.fetch(action.url, { method: 'POST', headers, data: action.body ?? undefined, maxRedirects: 0 });
  // Next.js answers a fetched action that redirects with the target in this header.
  const target = response.headers()['x-action-redirect']?.split(';')[0];
  if (!target) throw new Error(`the action answered ${response.status()} without a redirect: ${(await response.text()).slice(0, 500)}`);
  return new URL(target, appOrigin);
}

test('a forged X-Forwarded-Host changes none of the URLs users are sent to', async ({ page, baseURL }) => {
  const appOrigin = new URL(baseURL ?? '').origin;
  const email = await signUp(page, 'forwarded-host');

  // Checkout: the session the emulator holds returns to our origin.
  await page.goto('/pricing');
  const subscribe = await recordAction(page, appOrigin, () => page.getByRole('button', { name: 'Subscribe to Basic' }).click());
  const checkoutPage = await replayForged(page, appOrigin, subscribe);
  expect(checkoutPage.origin).toBe(emulatorUrl());
  const session = await emulatorStripe().checkout.sessions.retrieve(/cs_[A-Za-z0-9_]+/.exec(checkoutPage.pathname)?.[0] ?? '');
  expect(new URL(session.success_url ?? '').origin).toBe(appOrigin);
  expect(new URL(session.cancel_url ?? '').origin).toBe(appOrigin);
  await page.goto(checkoutPage.href);
  await payWithCard(page, '4242 4242 4242 4242');
  await expectSubscribedReturn(page);
  expect(new URL(page.url()).origin).toBe(appOrigin);

  // The billing portal's way back is our origin.
  await page.goto('/billing');
  const portal = await recordAction(page, appOrigin, () => page.getByRole('button', { name: 'Manage billing' }).click());
  const portalPage = await replayForged(page, appOrigin, portal);
  expect(portalPage.origin).toBe(emulatorUrl());
  await page.goto(portalPage.href);
  const back = await page.getByRole('link', { name: '← Return to Entitle' }).getAttribute('href');
  expect(new URL(back ?? '').origin).toBe(appOrigin);

  // Signing out (Auth.js's redirect) and in again send the user to our origin.
  await page.goto('/dashboard');
  const signOut = await recordAction(page, appOrigin, () => page.getByRole('button', { name: 'Sign out' }).click());
  const signedOut = await replayForged(page, appOrigin, signOut);
  expect(signedOut.origin).toBe(appOrigin);
  await page.goto('/sign-in');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(PASSWORD);
  const signIn = await recordAction(page, appOrigin, () => page.getByRole('button', { name: 'Sign in' }).click());
  const landing = await replayForged(page, appOrigin, signIn);
  expect(landing.origin).toBe(appOrigin);
  expect(landing.pathname).toBe('/dashboard');

  // And so do Auth.js's own routes.
  const signInRoute = await page.request.get('/api/auth/signin', {
    headers: { 'x-forwarded-host': SPOOFED_HOST },
    maxRedirects: 0,
  });
  expect(signInRoute.status()).toBe(302);
  expect(new URL(signInRoute.headers().location ?? '', appOrigin).origin).toBe(appOrigin);
  // The URLs Auth.js builds itself (sign-in and callback links, the redirect of a refused
  // password) are on the configured origin (AUTH_URL, pinned at start), never the forged host.
  // Next.js's own URL class writes a loopback host (127.0.0.1) as `localhost`, so here the host
  // may read either way; the port and scheme are the site's.
  const onOurOrigin = (url: string) => {
    const parsed = new URL(url);
    const ours = new URL(appOrigin);
    return parsed.protocol === ours.protocol && parsed.port === ours.port && ['localhost', ours.hostname].includes(parsed.hostname);
  };
  const providers = await page.request.get('/api/auth/providers', { headers: { 'x-forwarded-host': SPOOFED_HOST } });
  const { credentials } = (await providers.json()) as { credentials: { signinUrl: string; callbackUrl: string } };
  expect(onOurOrigin(credentials.signinUrl), credentials.signinUrl).toBe(true);
  expect(onOurOrigin(credentials.callbackUrl), credentials.callbackUrl).toBe(true);
  const csrf = (await (await page.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const refused = await page.request.post('/api/auth/callback/credentials', {
    headers: { 'x-forwarded-host': SPOOFED_HOST },
    form: { csrfToken: csrf.csrfToken, email, password: 'not the password' },
    maxRedirects: 0,
  });
  expect(refused.status()).toBe(302);
  expect(onOurOrigin(refused.headers().location ?? ''), refused.headers().location).toBe(true);
});
