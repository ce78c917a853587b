import type { Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';
import {
  advanceEmulatorClock,
  emulatorUrl,
  expectNothingGranted,
  expectPlanOnDashboard,
  expectPremiumOpens,
  expectPremiumRefused,
  expectSubscribedReturn,
  signUp,
  startCheckout,
} from './support/journey';

async function payWithSepa(page: Page, iban: string, email: string): Promise<void> {
  await page.locator('label[for=m-sepa_debit]').click();
  await page.locator('#iban').fill(iban);
  await page.locator('#sepa_name').fill('E2E Tester');
  await page.locator('#sepa_email').fill(email);
  await expectAccessible(page, 'emulator checkout, SEPA');
  await page.getByRole('button', { name: 'Subscribe' }).click();
}

async function payWithKlarna(page: Page, email: string): Promise<void> {
  await page.locator('label[for=m-klarna]').click();
  await page.locator('#klarna_email').fill(email);
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page.getByRole('heading', { name: 'Klarna verification' })).toBeVisible();
  await expectAccessible(page, 'emulator checkout, Klarna code');
  await page.locator('#klarna_code').fill('123456');
  await page.getByRole('button', { name: 'Confirm' }).click();
}

test('SEPA debit: processing on return, active once the debit settles', async ({ page }) => {
  const email = await signUp(page, 'sepa-ok');
  await startCheckout(page, 'Premium');
  await payWithSepa(page, 'AT321904300235473204', email);
  await page.waitForURL('**/checkout/return**');
  await expect(page.getByTestId('checkout-result')).toHaveText('Your payment is processing');
  await expectAccessible(page, 'checkout return, processing');

  await advanceEmulatorClock(10 * 60);
  await expectPlanOnDashboard(page, /Premium\s*Active/);
  await expectPremiumOpens(page);
  await page.goto('/billing');
  await expect(page.getByTestId('payment-method')).toContainText('SEPA Direct Debit •••• 3204');
});

test('SEPA debit that fails after processing: past due with a call to fix it, then access ends with the retries', async ({ page }) => {
  const email = await signUp(page, 'sepa-fail');
  await startCheckout(page, 'Premium');
  await payWithSepa(page, 'AT861904300235473202', email);
  await page.waitForURL('**/checkout/return**');
  await expect(page.getByTestId('checkout-result')).toHaveText('Your payment is processing');

  // The debit fails. Stripe moves the subscription to past_due and keeps its entitlements while
  // Smart Retries run (the app grants what Stripe grants); the billing page asks for a new method.
  await advanceEmulatorClock(10 * 60);
  await expectPlanOnDashboard(page, /Premium\s*Past due/);
  await page.goto('/billing');
  await expect(page.getByText('Your last payment failed.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Update payment method' })).toBeVisible();
  await expectAccessible(page, 'billing, past due');

  // Every retry of the same mandate fails too; after the last one Stripe cancels: access is gone.
  await advanceEmulatorClock(20 * 24 * 60 * 60);
  await expectPremiumRefused(page);
  await page.goto('/dashboard');
  await expect(page.getByTestId('dashboard-plan')).not.toContainText('Active');
  await expect(page.getByTestId('dashboard-plan')).not.toContainText('Past due');
});

test('Klarna approved: subscribed', async ({ page }) => {
  await signUp(page, 'klarna-ok');
  await startCheckout(page, 'Premium');
  await payWithKlarna(page, 'customer@email.us');
  await expectSubscribedReturn(page);
  await expectPlanOnDashboard(page, /Premium\s*Active/);
  await expectPremiumOpens(page);
});

test('Klarna denied: the refusal is shown and nothing is granted', async ({ page }) => {
  await signUp(page, 'klarna-denied');
  await startCheckout(page, 'Premium');
  await payWithKlarna(page, 'customer+denied@email.us');
  await expect(page.locator('.error[role=alert]')).toContainText('Klarna declined this payment.');
  expect(page.url()).toContain(`${emulatorUrl()}/c/pay/`);
  await expectNothingGranted(page);
});
