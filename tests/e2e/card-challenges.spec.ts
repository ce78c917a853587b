import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';
import {
  emulatorUrl,
  expectNothingGranted,
  expectPlanOnDashboard,
  expectPremiumOpens,
  expectSubscribedReturn,
  payWithCard,
  signUp,
  startCheckout,
} from './support/journey';

const THREE_D_SECURE = '4000 0025 0000 3155';
const INSUFFICIENT_FUNDS = '4000 0000 0000 9995';

test('3-D Secure card, challenge approved: subscribed', async ({ page }) => {
  await signUp(page, '3ds-ok');
  await startCheckout(page, 'Premium');
  await payWithCard(page, THREE_D_SECURE);
  await page.waitForURL(`${emulatorUrl()}/c/3ds/**`);
  await expect(page.getByRole('heading', { name: '3D Secure 2 test page' })).toBeVisible();
  await expectAccessible(page, 'emulator 3-D Secure challenge');
  await page.getByRole('button', { name: 'Approve' }).click();
  await expectSubscribedReturn(page);
  await expect(page.getByText('Premium is unlocked.')).toBeVisible();
  await expectPlanOnDashboard(page, /Premium\s*Active/);
  await expectPremiumOpens(page);
});

test('3-D Secure card, challenge failed: not subscribed and nothing granted', async ({ page }) => {
  await signUp(page, '3ds-fail');
  await startCheckout(page, 'Premium');
  await payWithCard(page, THREE_D_SECURE);
  await page.waitForURL(`${emulatorUrl()}/c/3ds/**`);
  await page.getByRole('button', { name: 'Fail' }).click();
  // Back on the checkout page with the failure, still able to pay.
  await expect(page.locator('.error[role=alert]')).toBeVisible();
  await expect(page.locator('#card_number')).toBeVisible();
  await expectAccessible(page, 'emulator checkout, challenge failed');
  expect(page.url()).not.toContain('/checkout/return');
  await expectNothingGranted(page);
});

test('declined card 4000 0000 0000 9995: the decline is shown and nothing is granted', async ({ page }) => {
  await signUp(page, 'declined');
  await startCheckout(page, 'Basic');
  await payWithCard(page, INSUFFICIENT_FUNDS);
  await expect(page.locator('.error[role=alert]')).toContainText(/insufficient funds|declined/i);
  expect(page.url()).toContain(`${emulatorUrl()}/c/pay/`);
  await expectAccessible(page, 'emulator checkout, declined');
  await expectNothingGranted(page);
});
