import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';
import { expectSubscribedReturn, fillSignUpForm, payWithCard, uniqueEmail, emulatorUrl, PASSWORD, verifyEmailAndSignIn } from './support/journey';

test('a signed-out visit to /premium: sign up via the callbackUrl, pay, land back on /premium; later sign in straight to it', async ({ page }) => {
  await page.goto('/premium');
  await page.waitForURL('**/sign-in?callbackUrl=%2Fpremium');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expectAccessible(page, 'sign-in');

  // No account yet: the sign-up link keeps where the user was going.
  await page.getByRole('link', { name: /sign up|create/i }).click();
  await page.waitForURL('**/sign-up?callbackUrl=%2Fpremium');
  await expectAccessible(page, 'sign-up');
  const email = uniqueEmail('signed-out');
  await fillSignUpForm(page, email);
  await expectAccessible(page, 'sign-up, check your email');
  // The verification link keeps the callbackUrl; signing in after it goes back to /premium.
  await verifyEmailAndSignIn(page, email);

  // Signed in, back to /premium, which is not theirs yet: pricing explains why, under its own URL.
  await page.waitForURL('**/pricing?reason=premium**');
  await expect(page.getByRole('heading', { name: 'Simple, monthly pricing' })).toBeVisible();
  expect(new URL(page.url()).searchParams.get('from')).toBe('/premium');
  await expect(page.getByText('That page is part of Premium. Upgrade to open it.')).toBeVisible();
  await expectAccessible(page, 'pricing, sent from premium');

  await page.getByRole('button', { name: 'Subscribe to Premium' }).click();
  await page.waitForURL(`${emulatorUrl()}/c/pay/**`);
  await expectAccessible(page, 'emulator checkout');
  await payWithCard(page, '4242 4242 4242 4242');
  await expectSubscribedReturn(page);
  await expectAccessible(page, 'checkout return');
  await page.getByRole('link', { name: 'Open Premium' }).click();
  await page.waitForURL('**/premium');
  await expect(page.getByTestId('premium-heading')).toBeVisible();
  await expectAccessible(page, 'premium');

  // Signed out and back: signing in with the callbackUrl opens /premium at once.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/premium'));
  await page.goto('/premium');
  await page.waitForURL('**/sign-in?callbackUrl=%2Fpremium');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/premium');
  await expect(page.getByTestId('premium-heading')).toBeVisible();
});
