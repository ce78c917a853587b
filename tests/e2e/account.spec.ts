import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';
import { mailsFor, waitForMail } from './support/mailbox';
import {
  emulatorStripe,
  expectSubscribedReturn,
  fillSignUpForm,
  PASSWORD,
  payWithCard,
  signUp,
  startCheckout,
  stripeCustomer,
  uniqueEmail,
} from './support/journey';

test('sign up, sign in before verifying: pricing asks for the address first and checkout refuses; verify from the mailbox, subscribe, get the welcome', async ({
  page,
}) => {
  const email = uniqueEmail('verify-first');
  await page.goto('/sign-up');
  await fillSignUpForm(page, email);
  await expect(page.getByTestId('sign-up-sent')).toBeVisible();
  await expectAccessible(page, 'sign-up, check your email');
  await waitForMail(email, 'verify-email');

  // Signing in works unverified, and the dashboard opens.
  await page.getByTestId('sign-up-sent').getByRole('link', { name: 'Sign in' }).click();
  await page.waitForURL('**/sign-in**');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL('**/dashboard');

  // Pricing says what to do first; the subscribe button is refused by the server all the same.
  await page.goto('/pricing');
  const notice = page.getByTestId('verify-email-notice');
  await expect(notice).toBeVisible();
  await expectAccessible(page, 'pricing, email not verified');
  await page.getByRole('button', { name: 'Subscribe to Basic' }).click();
  await expect(page.getByText('Confirm your email address before subscribing', { exact: false })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/pricing');

  // "Resend" mails a second link.
  await notice.getByRole('button', { name: 'Resend the link' }).click();
  await expect(notice.getByText(`We sent a new link to ${email}.`)).toBeVisible();
  const mail = await waitForMail(email, 'verify-email', 2);
  const link = mail.links.find((url) => new URL(url).pathname === '/verify-email') ?? '';

  await page.goto(link);
  await expectAccessible(page, 'verify email');
  await page.getByRole('button', { name: 'Confirm my email address' }).click();
  await expect(page.getByText('Your email address is confirmed.')).toBeVisible();
  await expectAccessible(page, 'verify email, confirmed');
  await page.getByRole('link', { name: 'Continue' }).click();
  await page.waitForURL('**/pricing');
  await expect(page.getByTestId('verify-email-notice')).toHaveCount(0);

  // The same link again does nothing.
  await page.goto(link);
  await expect(page.getByRole('button', { name: 'Confirm my email address' })).toHaveCount(0);
  await expect(page.getByText('This link has expired or has already been used.')).toBeVisible();

  await startCheckout(page, 'Basic');
  await payWithCard(page, '4242 4242 4242 4242');
  await expectSubscribedReturn(page);
  await waitForMail(email, 'welcome');
});

test('account settings: change name, change email through the new mailbox (Stripe follows), then delete the account with its subscription', async ({
  page,
}) => {
  const email = await signUp(page, 'settings');
  await startCheckout(page, 'Basic');
  await payWithCard(page, '4242 4242 4242 4242');
  await expectSubscribedReturn(page);
  const customer = await stripeCustomer(email);

  await page.goto('/account');
  await expectAccessible(page, 'account');

  // Name: an empty one is refused with the field's error; a real one is saved.
  const name = page.getByLabel('Name', { exact: true });
  await name.fill('');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByText('Enter your name.')).toBeVisible();
  await name.fill('Ada Lovelace');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByText('Name saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Ada Lovelace');

  // Email: the wrong password changes nothing and mails nothing.
  const newEmail = uniqueEmail('settings-new');
  await page.getByLabel('New email address').fill(newEmail);
  await page.locator('#emailChangePassword').fill('not my password at all');
  await page.getByRole('button', { name: 'Change email' }).click();
  await expect(page.getByText('This is not your current password.')).toBeVisible();
  expect(mailsFor(newEmail)).toHaveLength(0);
  await page.locator('#emailChangePassword').fill(PASSWORD);
  await page.getByRole('button', { name: 'Change email' }).click();
  await expect(page.getByText(`We sent a link to ${newEmail}.`, { exact: false })).toBeVisible();
  await expectAccessible(page, 'account, email change sent');
  await expect(page.getByTestId('account-email')).toContainText(email);

  const confirm = await waitForMail(newEmail, 'confirm-new-email');
  await page.goto(confirm.links[0] ?? '');
  await expectAccessible(page, 'confirm new email');
  await page.getByRole('button', { name: 'Use this address' }).click();
  await expect(page.getByText(`Your account now uses ${newEmail}.`, { exact: false })).toBeVisible();
  await page.getByRole('link', { name: 'Back to your account' }).click();
  await expect(page.getByTestId('account-email')).toContainText(newEmail);
  await waitForMail(email, 'email-changed');
  expect((await emulatorStripe().customers.retrieve(customer.id)).deleted).toBeFalsy();
  expect(await stripeCustomer(newEmail)).toMatchObject({ id: customer.id });

  // Delete: the wrong password is refused; the right one and the typed word delete it all.
  await page.locator('#deletePassword').fill('wrong password here');
  await page.locator('#confirm').fill('DELETE');
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.getByText('This is not your current password.')).toBeVisible();
  await page.locator('#deletePassword').fill(PASSWORD);
  await page.locator('#confirm').fill('DELETE');
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await page.waitForURL((url) => url.pathname === '/');

  const gone = await emulatorStripe().customers.retrieve(customer.id);
  expect(gone.deleted).toBe(true);
  const subscriptions = await emulatorStripe().subscriptions.list({ customer: customer.id, status: 'all' });
  expect(subscriptions.data.map((s) => s.status)).toEqual(['canceled']);

  // Signed out, and the account does not sign in any more.
  await page.goto('/dashboard');
  await page.waitForURL('**/sign-in**');
  await page.locator('#email').fill(newEmail);
  await page.locator('#password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.locator('[role=status]').filter({ hasText: /./ }).first()).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/sign-in');
});
