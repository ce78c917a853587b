import type { Browser, Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { expect, test, watchCspViolations } from './support/fixtures';
import { PASSWORD, signUp, uniqueEmail } from './support/journey';
import { waitForMail } from './support/mailbox';
import { appVars, spawnApp } from './support/server';

// The journeys' server is a production build: its mail goes through SMTP to the run's capturing
// server (scripts/e2e.ts), and /dev/mailbox does not exist there.

const NEW_PASSWORD = 'violet-Harbor-93-breeze';

/** A second browser (its own cookies), failing on anything the Content-Security-Policy refuses. */
async function otherBrowser(browser: Browser): Promise<{ page: Page; done: () => Promise<void> }> {
  const context = await browser.newContext();
  const violations = await watchCspViolations(context);
  const page = await context.newPage();
  return {
    page,
    async done() {
      await context.close();
      expect(violations, 'the browser refused something under the Content-Security-Policy').toEqual([]);
    },
  };
}

test('forgot password → the mailed link → a new password → sign in; every other session ends, and the link works once', async ({ page, browser }) => {
  // The account, signed in here: the "other device" whose session the reset must end.
  const email = await signUp(page, 'reset');

  const other = await otherBrowser(browser);
  const visitor = other.page;
  await visitor.goto('/sign-in');
  await expect(visitor.getByRole('button', { name: 'Email me a sign-in link' })).toBeVisible();
  await expectAccessible(visitor, 'sign-in, with forgot password and sign-in link');
  await visitor.getByRole('link', { name: 'Forgot password?' }).click();
  await visitor.waitForURL('**/forgot-password');
  // A client-side navigation: the new page's metadata (its <title>) may arrive after its body.
  await expect(visitor).toHaveTitle(/Reset your password/);
  await expectAccessible(visitor, 'forgot password');

  // Bad input: a clear error on the field, and nothing sent.
  await visitor.getByLabel('Email').fill('not-an-email');
  await visitor.getByRole('button', { name: 'Send reset link' }).click();
  await expect(visitor.locator('#email-error')).toHaveText('Enter a valid email address.');
  await expect(visitor.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(visitor, 'forgot password, field error');

  await visitor.getByLabel('Email').fill(email);
  await visitor.getByRole('button', { name: 'Send reset link' }).click();
  await expect(visitor.getByRole('status')).toContainText(`If an account uses ${email}`);
  await expectAccessible(visitor, 'forgot password, sent');

  const mail = await waitForMail(email, 'reset-password');
  expect(mail.links).toHaveLength(1);
  const link = mail.links[0] ?? '';
  expect(new URL(link).origin).toBe(new URL(visitor.url()).origin);
  expect(mail.html).toContain('Choose a new password');

  await visitor.goto(link);
  await expect(visitor.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expect(visitor.getByText(email)).toBeVisible();
  await expectAccessible(visitor, 'reset password');

  // A guessable password is refused on the field, and the link still works.
  await visitor.getByLabel('New password').fill('password1');
  await visitor.getByRole('button', { name: 'Set new password' }).click();
  await expect(visitor.locator('#password-error')).toBeVisible();
  await expectAccessible(visitor, 'reset password, weak');

  await visitor.getByLabel('New password').fill(NEW_PASSWORD);
  await visitor.getByRole('button', { name: 'Set new password' }).click();
  await visitor.waitForURL('**/sign-in?reset=done');
  await expect(visitor.getByTestId('sign-in-notice')).toContainText('Your password is changed');
  await expect(visitor).toHaveTitle(/Sign in/);
  await expectAccessible(visitor, 'sign-in after reset');

  // The old password no longer works; the new one does.
  await visitor.getByLabel('Email').fill(email);
  await visitor.getByLabel('Password').fill(PASSWORD);
  await visitor.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(visitor.getByRole('status')).toContainText('Invalid email or password.');
  await visitor.getByLabel('Password').fill(NEW_PASSWORD);
  await visitor.getByRole('button', { name: 'Sign in', exact: true }).click();
  await visitor.waitForURL('**/dashboard');

  // The session from before the reset is over.
  await page.goto('/dashboard');
  await page.waitForURL('**/sign-in?callbackUrl=%2Fdashboard');

  // The link was spent.
  await visitor.goto(link);
  await expect(visitor.getByRole('heading', { name: 'This link no longer works' })).toBeVisible();
  await expectAccessible(visitor, 'reset password, spent link');
  await other.done();
});

test('an unknown address gets the same answer as a known one, and its mail says there is no account', async ({ page }) => {
  const email = uniqueEmail('reset-unknown');
  await page.goto('/forgot-password');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toHaveText(
    `If an account uses ${email}, we have mailed it a link to choose a new password. The link works for one hour.`,
  );
  const mail = await waitForMail(email, 'reset-password-no-account');
  expect(mail.links.map((link) => new URL(link).pathname)).toEqual(['/sign-up']);
});

test('sign in with a mailed link: the link opens a page, its button signs in, and the link works once', async ({ page, browser }) => {
  const email = await signUp(page, 'magic-link');

  const other = await otherBrowser(browser);
  const visitor = other.page;
  await visitor.goto('/sign-in');
  await visitor.getByLabel('Email').fill(email);
  await visitor.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(visitor.getByRole('status')).toContainText(`If an account uses ${email}, we have mailed it a sign-in link`);
  await expectAccessible(visitor, 'sign-in, link sent');

  const mail = await waitForMail(email, 'sign-in-link');
  const link = mail.links[0] ?? '';
  expect(new URL(link).pathname).toBe('/sign-in-link');
  await visitor.goto(link);
  await expect(visitor.getByRole('heading', { name: 'Sign in to Entitle' })).toBeVisible();
  await expectAccessible(visitor, 'sign-in link');
  await visitor.getByRole('button', { name: 'Sign in' }).click();
  await visitor.waitForURL('**/dashboard');
  await expect(visitor.getByTestId('dashboard-plan')).toHaveText('No plan yet');

  await visitor.goto(link);
  await expect(visitor.getByRole('heading', { name: 'This sign-in link no longer works' })).toBeVisible();
  await other.done();
});

test('/dev/mailbox does not exist on a production server', async ({ page }) => {
  const response = await page.goto('/dev/mailbox');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'This page does not exist' })).toBeVisible();
});

test('next start with no mail transport exits non-zero naming SMTP_URL; MAIL=disabled starts it on purpose', async () => {
  test.setTimeout(150_000);
  const refused = await spawnApp({ ...appVars(), SMTP_URL: undefined, MAIL_FROM: undefined, RESEND_API_KEY: undefined, MAIL: undefined });
  const timeout = setTimeout(() => refused.process.kill('SIGKILL'), 60_000);
  const code = await refused.exited;
  clearTimeout(timeout);
  expect(code, refused.output()).toBe(1);
  expect([...refused.output().matchAll(/^ {2}([A-Z_]+): /gm)].map((m) => m[1])).toEqual(['SMTP_URL']);

  const disabled = await spawnApp({ ...appVars(), SMTP_URL: undefined, MAIL_FROM: undefined, MAIL: 'disabled' });
  try {
    await expect
      .poll(() => fetch(`${disabled.url}/forgot-password`).then((r) => r.status, () => 0), { timeout: 60_000 })
      .toBe(200);
  } finally {
    await disabled.stop();
  }
});
