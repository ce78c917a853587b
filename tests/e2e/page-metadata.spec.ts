import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';
import { emulatorUrl } from './support/journey';

// What a browser, a search engine and a link preview read besides the page itself.

test('icons, the home page preview image, robots.txt and the sitemap are served; each public page has its own title', async ({ page, request, baseURL }) => {
  const origin = new URL(baseURL ?? '').origin;

  const icon = await request.get('/icon.svg');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg+xml');
  for (const path of ['/apple-icon', '/opengraph-image']) {
    const image = await request.get(path);
    expect(image.status(), path).toBe(200);
    expect(image.headers()['content-type'], path).toBe('image/png');
    // A PNG's signature: the image was drawn, not an error page.
    expect([...(await image.body()).subarray(0, 4)], path).toEqual([0x89, 0x50, 0x4e, 0x47]);
  }

  const robots = await (await request.get('/robots.txt')).text();
  expect(robots).toContain('Disallow: /billing');
  expect(robots).toContain('Disallow: /account');
  expect(robots).toContain(`Sitemap: ${origin}/sitemap.xml`);

  const sitemap = await (await request.get('/sitemap.xml')).text();
  const listed = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]);
  expect(listed.sort()).toEqual([origin, `${origin}/pricing`, `${origin}/sign-in`, `${origin}/sign-up`].sort());

  await page.goto('/');
  await expect(page).toHaveTitle('entitle');
  const ogImage = await page.locator('meta[property="og:image"]').getAttribute('content');
  expect(ogImage).toMatch(new RegExp(`^${origin}/opengraph-image`));
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute('href', /\/icon\.svg/);
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute('href', /\/apple-icon/);

  for (const [path, title] of [
    ['/pricing', 'Pricing · entitle'],
    ['/sign-in', 'Sign in · entitle'],
    ['/sign-up', 'Create your account · entitle'],
    ['/no-such-page', 'Page not found · entitle'],
  ] as const) {
    await page.goto(path);
    await expect(page, path).toHaveTitle(title);
  }
  await expectAccessible(page, 'not found');
});

test("the emulator's pages have a favicon too", async ({ page, request }) => {
  const favicon = await request.get(`${emulatorUrl()}/favicon.ico`);
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()['content-type']).toContain('image/svg+xml');

  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(emulatorUrl());
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', /^data:image\/svg\+xml,/);
  await expectAccessible(page, 'emulator home');
  expect(failed).toEqual([]);
});
