import type { Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';
import {
  advanceEmulatorClock,
  emulatorStripe,
  emulatorUrl,
  expectPremiumOpens,
  expectPremiumRefused,
  expectSubscribedReturn,
  payWithCard,
  signUp,
  stripeCustomer,
  startCheckout,
} from './support/journey';

const DAY = 86_400;

/** As the app and the emulator's portal both write dates for an en-US browser: "Dec 21, 2026". */
function formatDate(unixSeconds: number): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(unixSeconds * 1000));
}

/** The subscription's period end as the emulator has it. */
async function periodEnd(email: string): Promise<number> {
  const customer = await stripeCustomer(email);
  const subscription = (await emulatorStripe().subscriptions.list({ customer: customer.id, limit: 1 })).data[0];
  const item = subscription?.items.data[0];
  if (!item) throw new Error(`no subscription for ${email}`);
  return item.current_period_end;
}

async function subscribeToPremium(page: Page, label: string): Promise<string> {
  const email = await signUp(page, label);
  await startCheckout(page, 'Premium');
  await payWithCard(page, '4242 4242 4242 4242');
  await expectSubscribedReturn(page);
  await expectPremiumOpens(page);
  return email;
}

async function expectCanceledOnBilling(page: Page): Promise<void> {
  await page.goto('/billing');
  await expect(page.getByTestId('plan-name')).toHaveText('Premium');
  await expect(page.getByText('Canceled', { exact: true })).toBeVisible();
  await expect(page.getByText(/Your subscription ended on/)).toBeVisible();
  await expectAccessible(page, 'billing, ended');
  await expect(page.getByRole('button', { name: 'Cancel subscription' })).toHaveCount(0);
}

test('cancel at period end: a banner with the date, then access ends when the period does', async ({ page }) => {
  const email = await subscribeToPremium(page, 'cancel');
  await page.goto('/billing');
  await page.getByRole('button', { name: 'Cancel subscription' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expectAccessible(page, 'billing, cancel dialog');
  await dialog.getByRole('button', { name: 'Cancel subscription' }).click();
  const end = await periodEnd(email);
  await expect(page.getByTestId('action-confirmation')).toContainText(`Your subscription is canceled. You keep Premium until ${formatDate(end)}`);
  await expect(page.getByTestId('action-confirmation')).toBeFocused();
  await expect(page.getByTestId('cancel-banner')).toHaveText(`Your subscription ends on ${formatDate(end)}.`);
  await expectAccessible(page, 'billing, cancel banner');

  // Until the period ends the user keeps Premium.
  await expectPremiumOpens(page);

  await advanceEmulatorClock(32 * DAY);
  await expectPremiumRefused(page);
  await expectCanceledOnBilling(page);
});

test('Manage billing opens the portal; canceling there ends access once the webhook arrives', async ({ page }) => {
  const email = await subscribeToPremium(page, 'portal');
  await page.goto('/billing');
  await page.getByRole('button', { name: 'Manage billing' }).click();
  await page.waitForURL(`${emulatorUrl()}/p/session/**`);
  await expect(page.getByRole('heading', { name: 'Billing', exact: true })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await expectAccessible(page, 'emulator portal');

  await page.getByRole('button', { name: 'Cancel at end of period' }).click();
  const end = await periodEnd(email);
  await expect(page.getByText(`Cancels on ${formatDate(end)}`)).toBeVisible();
  await expect(page.getByRole('button', { name: "Don't cancel" })).toBeVisible();
  await expectAccessible(page, 'emulator portal, canceled');
  await page.getByRole('link', { name: /\$15\.00/ }).first().click();
  await page.waitForURL(`${emulatorUrl()}/i/**`);
  await expectAccessible(page, 'emulator invoice');
  await page.goBack();

  await page.getByRole('link', { name: '← Return to Entitle' }).click();
  await page.waitForURL('**/billing?from=portal');
  await expect(page.getByTestId('action-confirmation')).toContainText('Everything you changed in the billing portal is shown below.');
  await expect(page.getByTestId('cancel-banner')).toHaveText(`Your subscription ends on ${formatDate(end)}.`);
  await expectPremiumOpens(page);

  await advanceEmulatorClock(32 * DAY);
  await expectPremiumRefused(page);
  await expectCanceledOnBilling(page);
});
