import type { Page } from '@playwright/test';
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

/** As the app writes dates: "Dec 21, 2026". */
function formatDate(unixSeconds: number): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(unixSeconds * 1000));
}

/** As the emulator's portal writes dates: "21 Dec 2026". */
function formatPortalDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
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
  await expect(page.getByRole('button', { name: 'Cancel subscription' })).toHaveCount(0);
}

test('cancel at period end: a banner with the date, then access ends when the period does', async ({ page }) => {
  const email = await subscribeToPremium(page, 'cancel');
  await page.goto('/billing');
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Cancel subscription' }).click();
  const end = await periodEnd(email);
  await expect(page.getByTestId('cancel-banner')).toHaveText(`Your subscription ends on ${formatDate(end)}.`);

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

  await page.getByRole('button', { name: 'Cancel at end of period' }).click();
  const end = await periodEnd(email);
  await expect(page.getByText(`Cancels on ${formatPortalDate(end)}`)).toBeVisible();
  await expect(page.getByRole('button', { name: "Don't cancel" })).toBeVisible();

  await page.getByRole('link', { name: '← Return to Entitle' }).click();
  await page.waitForURL('**/billing');
  await expect(page.getByTestId('cancel-banner')).toHaveText(`Your subscription ends on ${formatDate(end)}.`);
  await expectPremiumOpens(page);

  await advanceEmulatorClock(32 * DAY);
  await expectPremiumRefused(page);
  await expectCanceledOnBilling(page);
});
