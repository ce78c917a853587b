import { randomUUID } from 'node:crypto';
import { expect, type Page } from '@playwright/test';
import type Stripe from 'stripe';
import { createStripeClient } from '@/lib/stripe/create-client';
import { EMULATOR_SECRET_KEY } from '@/lib/env/emulator-defaults';
import { waitForMail } from './mailbox';

export const PASSWORD = 'correct horse battery staple';

export function emulatorUrl(): string {
  const url = process.env.E2E_EMULATOR_URL;
  if (!url) throw new Error('E2E_EMULATOR_URL is not set: run the journeys with `npm run test:e2e`');
  return url;
}

/** The Stripe SDK pointed at the emulator, as the app builds it. */
export function emulatorStripe(): Stripe {
  return createStripeClient({ secretKey: EMULATOR_SECRET_KEY, emulatorUrl: emulatorUrl() });
}

export function uniqueEmail(label: string): string {
  return `e2e-${label}-${randomUUID().slice(0, 8)}@example.com`;
}

/** Moves the emulator's clock (renewals, period ends, bank debit settlement) and waits for its webhooks. */
export async function advanceEmulatorClock(seconds: number): Promise<void> {
  const base = emulatorUrl();
  const advanced = await fetch(`${base}/_emulator/clock/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ seconds }),
  });
  expect(advanced.ok, `clock advance answered ${advanced.status}`).toBe(true);
  const flushed = await fetch(`${base}/_emulator/webhooks/flush`, { method: 'POST' });
  expect(flushed.ok, `webhook flush answered ${flushed.status}`).toBe(true);
}

export async function fillSignUpForm(page: Page, email: string): Promise<void> {
  await page.locator('#name').fill('E2E Tester');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/**
 * After the sign-up form: the "check your email" answer, then the verification link from the
 * mailbox, its button, and signing in. Ends wherever signing in leads (the sign-up's callbackUrl,
 * else the dashboard).
 */
export async function verifyEmailAndSignIn(page: Page, email: string): Promise<void> {
  await expect(page.getByTestId('sign-up-sent')).toBeVisible();
  const mail = await waitForMail(email, 'verify-email');
  const link = mail.links.find((url) => new URL(url).pathname === '/verify-email');
  if (!link) throw new Error(`no verification link in the mail to ${email}`);
  await page.goto(link);
  await page.getByRole('button', { name: 'Confirm my email address' }).click();
  await page.getByRole('link', { name: 'Sign in to continue' }).click();
  await page.waitForURL('**/sign-in**');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Signs a fresh user up, verifies the address from the mailbox, signs in and lands on the dashboard. Returns the email. */
export async function signUp(page: Page, label: string): Promise<string> {
  const email = uniqueEmail(label);
  await page.goto('/sign-up');
  await fillSignUpForm(page, email);
  await verifyEmailAndSignIn(page, email);
  await page.waitForURL('**/dashboard');
  await expect(page.getByTestId('dashboard-plan')).toHaveText('No plan yet');
  return email;
}

/** From /pricing to the emulator's hosted checkout page for a plan. */
export async function startCheckout(page: Page, plan: 'Basic' | 'Premium'): Promise<void> {
  await page.goto('/pricing');
  await page.getByRole('button', { name: `Subscribe to ${plan}` }).click();
  await page.waitForURL(`${emulatorUrl()}/c/pay/**`);
  await expect(page.getByRole('heading', { name: 'Subscribe' })).toBeVisible();
}

/** Fills the card form on the hosted checkout page and submits it. */
export async function payWithCard(page: Page, number: string): Promise<void> {
  await page.locator('#card_number').fill(number);
  await page.locator('#card_exp').fill('12 / 34');
  await page.locator('#card_cvc').fill('123');
  await page.locator('form button[type=submit]:not([name=method])').click();
}

export async function expectSubscribedReturn(page: Page): Promise<void> {
  await page.waitForURL('**/checkout/return**');
  await expect(page.getByTestId('checkout-result')).toHaveText('Thank you, you are subscribed');
}

export async function expectPlanOnDashboard(page: Page, plan: RegExp | string): Promise<void> {
  await page.goto('/dashboard');
  await expect(page.getByTestId('dashboard-plan')).toContainText(plan);
}

/** /premium either opens or sends the user to pricing with the premium notice. */
export async function expectPremiumRefused(page: Page): Promise<void> {
  await page.goto('/premium');
  await page.waitForURL('**/pricing?reason=premium**');
  expect(new URL(page.url()).searchParams.get('from')).toBe('/premium');
  await expect(page.getByTestId('premium-heading')).toHaveCount(0);
}

export async function expectPremiumOpens(page: Page): Promise<void> {
  await page.goto('/premium');
  await expect(page.getByTestId('premium-heading')).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/premium');
}

/** Nothing granted: the dashboard has no plan and neither gated page opens. */
export async function expectNothingGranted(page: Page): Promise<void> {
  await expectPlanOnDashboard(page, 'No plan yet');
  await expectPremiumRefused(page);
  await page.goto('/basic');
  await expect(page.getByTestId('basic-heading')).toHaveCount(0);
}

/** The emulator's customer for a user, found by email. */
export async function stripeCustomer(email: string): Promise<Stripe.Customer> {
  const customer = (await emulatorStripe().customers.list({ email, limit: 1 })).data[0];
  if (!customer) throw new Error(`no Stripe customer for ${email}`);
  return customer;
}
