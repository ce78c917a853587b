import { randomBytes } from 'node:crypto';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { createStripeClient } from '@/lib/stripe/create-client';
import { EMULATOR_ACCOUNT_NAME, EMULATOR_SECRET_KEY } from '@/lib/env/emulator-defaults';
import { freePort } from '@/scripts/free-port';
import { startStripeEmulator, type StripeEmulator } from 'stripe-emulator';
import { expect, test, watchCspViolations } from './support/fixtures';
import { expectSubscribedReturn, payWithCard, signUp } from './support/journey';
import { appVars, spawnApp, waitUntilServing, type AppServer } from './support/server';

// A server of its own, configured as the main one is not: the Payment Element page
// (CHECKOUT_UI=elements) and GitHub sign-in, each with an emulator of its own for webhooks.
// Stripe.js cannot load here (no network, and it only talks to Stripe), so with the emulator the
// Payment Element page links to the emulator's payment page: what these journeys check is our
// pages under the Content-Security-Policy, not Stripe.js inside it.

let emulator: StripeEmulator;
let app: AppServer;

test.describe.configure({ timeout: 120_000 });

test.beforeAll(async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
  emulator = await startStripeEmulator({
    host: '127.0.0.1',
    port: 0,
    webhookEndpoints: [{ url: `${url}/api/stripe/webhook`, secret: webhookSecret }],
    accountName: EMULATOR_ACCOUNT_NAME,
  });
  await setupCatalog(createStripeClient({ secretKey: EMULATOR_SECRET_KEY, emulatorUrl: emulator.url }));
  app = await spawnApp(
    {
      ...appVars(),
      CHECKOUT_UI: 'elements',
      STRIPE_EMULATOR_URL: emulator.url,
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      NEXT_PUBLIC_SITE_URL: url,
      AUTH_GITHUB_ID: 'Iv1.e2e-client-id',
      AUTH_GITHUB_SECRET: 'e2e-client-secret',
    },
    port,
  );
  await waitUntilServing(app);
});

test.afterAll(async () => {
  await app?.stop();
  await emulator?.stop();
});

test('CHECKOUT_UI=elements: pricing, our payment page, pay, subscribed, with nothing refused by the policy', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: app.url });
  const violations = await watchCspViolations(context);
  const page = await context.newPage();
  await signUp(page, 'elements');
  await page.goto('/pricing');
  await page.getByRole('button', { name: 'Subscribe to Basic' }).click();
  await page.waitForURL('**/checkout/pay?session_id=**');
  await expect(page.getByRole('heading', { name: 'Complete your subscription' })).toBeVisible();
  await page.getByRole('link', { name: 'Continue to payment' }).click();
  await page.waitForURL(`${emulator.url}/c/pay/**`);
  await payWithCard(page, '4242 4242 4242 4242');
  await expectSubscribedReturn(page);
  expect(new URL(page.url()).origin).toBe(app.url);
  expect(violations).toEqual([]);
  await context.close();
});

test('without JavaScript, the GitHub button still reaches GitHub: the policy lets the form\'s redirect through', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: app.url, javaScriptEnabled: false });
  const page = await context.newPage();
  // A plain form post answered with a redirect to github.com (no network here: the request
  // leaving for it is what shows the policy's form-action allowed it).
  await page.goto('/sign-in');
  const toGitHub = page.waitForRequest((request) => request.url().startsWith('https://github.com/login/oauth/authorize'));
  await page.getByRole('button', { name: 'Continue with GitHub' }).click();
  await toGitHub;
  await context.close();
});
