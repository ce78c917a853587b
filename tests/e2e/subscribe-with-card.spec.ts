import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';
import {
  emulatorStripe,
  expectPlanOnDashboard,
  expectPremiumOpens,
  expectPremiumRefused,
  expectSubscribedReturn,
  payWithCard,
  signUp,
  stripeCustomer,
  startCheckout,
} from './support/journey';

/** "$12.34" → 1234 */
function cents(text: string): number {
  const match = /(\d[\d,]*)\.(\d{2})/.exec(text);
  if (!match?.[1] || !match[2]) throw new Error(`no amount in ${JSON.stringify(text)}`);
  return Number(match[1].replaceAll(',', '')) * 100 + Number(match[2]);
}

test('sign up and subscribe to Basic with 4242: the dashboard shows Basic and /premium sends the user to pricing', async ({ page }) => {
  await page.goto('/');
  await expectAccessible(page, 'home');
  await page.goto('/pricing');
  await expectAccessible(page, 'pricing, signed out');
  await signUp(page, 'basic');
  await expectAccessible(page, 'dashboard, no plan');
  await page.goto('/pricing');
  await expectAccessible(page, 'pricing, signed in');
  await startCheckout(page, 'Basic');
  await payWithCard(page, '4242 4242 4242 4242');
  await expectSubscribedReturn(page);
  await expect(page.getByText('Basic is active.')).toBeVisible();

  await expectPlanOnDashboard(page, /Basic\s*Active/);
  await expectAccessible(page, 'dashboard, basic');
  await page.goto('/basic');
  await expect(page.getByTestId('basic-heading')).toBeVisible();
  await expectAccessible(page, 'basic');
  await expectPremiumRefused(page);
  await expect(page.getByText('That page is part of Premium. Upgrade to open it.')).toBeVisible();
});

test('upgrade from Basic to Premium: the proration shown is what the emulator charges, and /premium opens', async ({ page }) => {
  const email = await signUp(page, 'upgrade');
  await startCheckout(page, 'Basic');
  await payWithCard(page, '4242 4242 4242 4242');
  await expectSubscribedReturn(page);

  await page.goto('/billing');
  await expect(page.getByTestId('plan-name')).toHaveText('Basic');
  await expect(page.getByTestId('payment-method')).toContainText('Visa •••• 4242');
  await page.getByRole('button', { name: 'Switch to Premium' }).click();
  const shownDue = cents(await page.getByTestId('amount-due-now').innerText());
  expect(shownDue).toBeGreaterThan(0);
  await expectAccessible(page, 'billing, plan change preview');
  await page.getByRole('button', { name: 'Confirm switch to Premium' }).click();
  await expect(page.getByTestId('plan-changed')).toHaveText('You are now on Premium.');
  await expect(page.getByTestId('plan-name')).toHaveText('Premium');
  await expectAccessible(page, 'billing, plan changed');

  // The invoice the emulator actually charged for the switch.
  const customer = await stripeCustomer(email);
  const invoices = await emulatorStripe().invoices.list({ customer: customer.id, limit: 10 });
  const proration = invoices.data.find((invoice) => invoice.billing_reason === 'subscription_update');
  expect(proration, 'a subscription_update invoice').toBeDefined();
  expect(proration?.status).toBe('paid');
  expect(proration?.amount_paid).toBe(shownDue);

  await expectPremiumOpens(page);
  await expectPlanOnDashboard(page, /Premium\s*Active/);
});
