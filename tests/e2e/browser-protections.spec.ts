import { createServer } from 'node:http';
import { expect, test } from './support/fixtures';
import { emulatorUrl, fillSignUpForm, uniqueEmail, verifyEmailAndSignIn } from './support/journey';

// These journeys provoke refusals on purpose, so each runs in a context of its own, outside the
// shared fixture's watch for Content-Security-Policy violations.

/**
 * An attacker's site: a real server on this machine on an origin of its own (Chrome does not let
 * pages from public names, such as a fulfilled route, frame local ones at all, which would prove
 * nothing about our headers). It frames `target`, and a page of its own as a control.
 */
async function attackerSite(target: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    response.setHeader('content-type', 'text/html');
    response.end(request.url === '/own' ? '<h1>Attacker content</h1>' : `<iframe id="ours" src="${target}"></iframe><iframe id="own" src="/own"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://localhost:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The nonce of a page response's script-src. */
function nonceOf(policy: string | undefined): string {
  const nonce = /script-src[^;]*'nonce-([^']+)'/.exec(policy ?? '')?.[1];
  if (!nonce) throw new Error(`no nonce in ${policy}`);
  return nonce;
}

test('another site cannot frame our pages (on /billing one click charges the saved card)', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const appOrigin = new URL(baseURL ?? '').origin;
  const attacker = await attackerSite(`${appOrigin}/billing`);
  expect(new URL(attacker.url).origin).not.toBe(appOrigin);

  // Signed in or not (a cross-site frame gets no Lax session cookie, and is sent to /sign-in), the
  // browser receives one of our pages for the frame.
  const ourResponse = page.waitForResponse((response) => response.url().startsWith(`${appOrigin}/`));
  await page.goto(attacker.url);
  await ourResponse;

  await expect(page.frameLocator('#own').getByRole('heading', { name: 'Attacker content' })).toBeVisible();
  // The browser received our page and refused to show it inside another site's (an error page instead).
  await expect.poll(() => page.frames().length).toBe(3);
  expect(page.frames().filter((frame) => frame.url().startsWith(appOrigin))).toEqual([]);
  await expect(page.frameLocator('#ours').getByRole('heading', { name: 'Billing' })).toHaveCount(0);
  await context.close();
  await attacker.close();
});

test('a script injected into a page without the nonce does not run; the page\'s own scripts do', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const refused: string[] = [];
  await context.exposeBinding('__refused', (_source, directive: string) => void refused.push(directive));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) =>
      (window as unknown as { __refused: (d: string) => void }).__refused(event.effectiveDirective),
    );
  });
  // As if an injection flaw put a script into our HTML (added here on its way to the browser).
  await page.route('**/pricing', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(/<body([^>]*)>/, '<body$1><script>window.__injected = true</script>');
    await route.fulfill({ response, body: html });
  });
  await page.goto('/pricing');
  // Next.js's own scripts ran: they carry the nonce.
  await page.waitForFunction(() => 'next' in window);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  await expect.poll(() => refused).toContain('script-src-elem');
  await context.close();
});

test('every page carries a fresh-nonce policy and the static headers; route handlers a closed policy', async ({ page, baseURL }) => {
  const first = await page.request.get('/pricing');
  const second = await page.request.get('/pricing');
  const policy = first.headers()['content-security-policy'];
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).not.toContain('unsafe-eval');
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(nonceOf(policy)).not.toBe(nonceOf(second.headers()['content-security-policy']));
  // Every script Next.js rendered carries this response's nonce.
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonceOf(policy)}"`);

  // The not-found page also where a static file is missing (no favicon or robots.txt yet).
  for (const path of ['/pricing', '/sign-in', '/', '/no-such-page', '/favicon.ico', '/robots.txt', '/sitemap.xml']) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    const headers = response.headers();
    expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(headers['x-frame-options'], path).toBe('DENY');
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
    expect(headers['strict-transport-security'], path).toMatch(/max-age=\d+/);
  }
  // Signed out, /billing redirects to sign-in: the redirect carries the headers too.
  const redirect = await page.request.get('/billing', { maxRedirects: 0 });
  expect(redirect.status()).toBe(307);
  expect(redirect.headers()['x-frame-options']).toBe('DENY');

  const api = await page.request.get('/api/auth/session');
  expect(api.headers()['content-security-policy']).toContain("default-src 'none'");
  expect(api.headers()['x-frame-options']).toBe('DENY');
  const script = /<script[^>]+src="([^"]+)"/.exec(html)?.[1];
  const asset = await page.request.get(new URL(script ?? '', baseURL).toString());
  expect(asset.status()).toBe(200);
  expect(asset.headers()['x-content-type-options']).toBe('nosniff');
});

test('without JavaScript, the subscribe form still reaches the hosted checkout: the policy lets its redirect through', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const page = await context.newPage();
  // Plain form posts: each Server Action answers with a redirect, which Chrome checks against form-action.
  await page.goto('/sign-up');
  const email = uniqueEmail('no-js');
  await fillSignUpForm(page, email);
  await verifyEmailAndSignIn(page, email);
  await page.waitForURL('**/dashboard');
  await page.goto('/pricing');
  await page.getByRole('button', { name: 'Subscribe to Premium' }).click();
  await page.waitForURL(`${emulatorUrl()}/c/pay/**`);
  await expect(page.getByRole('heading', { name: 'Subscribe' })).toBeVisible();
  await context.close();
});
