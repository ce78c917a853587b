import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';
import { emulatorUrl, signUp, uniqueEmail } from './support/journey';

// The states of pages that the journeys pass by without stopping: errors, notices, the
// emulator's own not-found page. Each is checked by axe (WCAG 2.2 AA), and errors must reach a
// live region, where screen readers announce them.

test('a wrong sign-in is announced in a live region and marked as an error in words, not colour alone', async ({ page }) => {
  await page.goto('/sign-in');
  await page.locator('#email').fill(uniqueEmail('nobody'));
  await page.locator('#password').fill('not the password at all');
  await page.keyboard.press('Enter');
  const status = page.getByRole('status').filter({ hasText: 'Error:' });
  await expect(status).toBeVisible();
  await expectAccessible(page, 'sign-in, refused');

  // Empty fields: each field says what is wrong, tied to it by aria-describedby.
  await page.goto('/sign-up');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Error:' })).toBeVisible();
  const email = page.locator('#email');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  const describedBy = await email.getAttribute('aria-describedby');
  expect(describedBy).toBeTruthy();
  await expect(page.locator(`#${describedBy ?? ''}`)).not.toBeEmpty();
  await expectAccessible(page, 'sign-up, fields refused');
});

test('pricing after a canceled checkout, and the emulator pages for a missing session', async ({ page }) => {
  await page.goto('/pricing?checkout=canceled');
  await expect(page.getByText('Checkout was canceled; you have not been charged.')).toBeVisible();
  await expectAccessible(page, 'pricing, checkout canceled');

  await page.goto(`${emulatorUrl()}/c/pay/cs_test_missing`);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expectAccessible(page, 'emulator, not found');
});

test('signing out everywhere asks first in a modal dialog: going back keeps the session, confirming ends it', async ({ page }) => {
  await signUp(page, 'sign-out-all');
  await page.goto('/account');
  await page.getByRole('button', { name: 'Sign out of all devices' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign out on every device, including this one?' });
  await expect(dialog).toBeVisible();
  await expectAccessible(page, 'account, sign out everywhere dialog');
  await dialog.getByRole('button', { name: 'Go back' }).click();
  await expect(dialog).toBeHidden();
  await page.reload();
  expect(new URL(page.url()).pathname).toBe('/account');

  await page.getByRole('button', { name: 'Sign out of all devices' }).click();
  await dialog.getByRole('button', { name: 'Sign out of all devices' }).click();
  await page.waitForURL((url) => url.pathname !== '/account');
  await page.goto('/account');
  await page.waitForURL('**/sign-in**');
});
