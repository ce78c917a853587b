import type { Locator } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';
import { emulatorStripe, emulatorUrl, PASSWORD, stripeCustomer, uniqueEmail } from './support/journey';
import { waitForMail } from './support/mailbox';
import { anyOf, en, englishDate, fr, frenchDate, frenchMoney } from './support/messages';

// A French speaker's journey: nothing chosen, only the browser's language (Accept-Language
// fr-FR), from sign-up through the emulator's hosted checkout to the billing page. Every text
// expected comes from the app's message files (messages/fr/*.json), so the journey follows the
// translations as they are reworded.

const PREMIUM_CENTS = 1500;

// What the emulator's checkout and portal pages say in English (the English journeys find them by these).
const EMULATOR_ENGLISH = {
  heading: 'Subscribe',
  totalDueToday: 'Total due today',
  cardNumber: 'Card number',
  subscribe: 'Subscribe',
  cancelAtPeriodEnd: 'Cancel at end of period',
};

test.describe('a browser asking for French', () => {
  test.use({ locale: 'fr-FR' });

  test('signs up, subscribes through the hosted checkout and reads billing, all in French', async ({ page }) => {
    const html = page.locator('html');
    const email = uniqueEmail('french');

    await page.goto('/');
    await expect(html).toHaveAttribute('lang', 'fr');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(fr('marketing.home.heading'));
    await expectAccessible(page, 'home');

    await page.goto('/sign-up');
    await expect(page.getByRole('heading', { name: fr('auth.signUp.title') })).toBeVisible();
    await expectAccessible(page, 'sign-up');
    await page.getByLabel(fr('auth.signUp.form.name')).fill('Camille Testeuse');
    await page.getByLabel(fr('auth.signUp.form.email')).fill(email);
    await page.getByLabel(fr('auth.signUp.form.password'), { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: fr('auth.signUp.form.submit') }).click();
    await expect(page.getByTestId('sign-up-sent')).toContainText(fr('auth.signUp.form.sentTitle'));
    await expectAccessible(page, 'sign-up, check your email');

    // The mail is in the language of the request that asked for it.
    const mail = await waitForMail(email, 'verify-email');
    expect(mail.subject).toBe(fr('auth.mail.verifyEmail.subject'));
    expect(mail.text).toContain(fr('auth.mail.verifyEmail.body'));
    const link = mail.links.find((url) => new URL(url).pathname === '/verify-email');
    if (!link) throw new Error(`no verification link in the mail to ${email}`);
    await page.goto(link);
    await expect(page.getByRole('heading', { name: fr('auth.verifyEmail.title') })).toBeVisible();
    await expectAccessible(page, 'verify email');
    await page.getByRole('button', { name: fr('auth.verifyEmail.submit') }).click();
    await page.getByRole('link', { name: fr('auth.verifyEmail.signInToContinue') }).click();
    await page.waitForURL('**/sign-in**');
    await expect(page.getByRole('heading', { name: fr('auth.signIn.title') })).toBeVisible();
    await expectAccessible(page, 'sign-in');
    await page.getByLabel(fr('auth.signIn.form.email')).fill(email);
    await page.getByLabel(fr('auth.signIn.form.password'), { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: fr('auth.signIn.form.submit'), exact: true }).click();
    await page.waitForURL('**/dashboard');
    await expect(html).toHaveAttribute('lang', 'fr');
    await expectAccessible(page, 'dashboard, no plan');

    await page.goto('/pricing');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(fr('billing.pricing.heading'));
    await expect(page.getByText(frenchMoney(PREMIUM_CENTS)).first()).toBeVisible();
    await expectAccessible(page, 'pricing');
    await page.getByRole('button', { name: fr('billing.pricing.subscribeTo', { plan: 'Premium' }) }).click();

    // The emulator's hosted page, in the locale the app created the session with. Its words are
    // the emulator's own (its package does not export them): found by role, and none English.
    await page.waitForURL(`${emulatorUrl()}/c/pay/**`);
    await expect(html).toHaveAttribute('lang', 'fr');
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading).toBeVisible();
    await expect(heading).not.toHaveText(EMULATOR_ENGLISH.heading);
    await expect(page.getByRole('row').last()).toContainText(frenchMoney(PREMIUM_CENTS));
    await expect(page.getByRole('main')).not.toContainText(EMULATOR_ENGLISH.totalDueToday);
    await expect(page.getByLabel(EMULATOR_ENGLISH.cardNumber)).toHaveCount(0);
    await expectAccessible(page, 'emulator checkout');
    await page.locator('#card_number').fill('4242 4242 4242 4242');
    await page.locator('#card_exp').fill('12 / 34');
    await page.locator('#card_cvc').fill('123');
    const subscribe = page.locator('form button[type=submit]:not([name=method])');
    await expect(subscribe).not.toHaveText(EMULATOR_ENGLISH.subscribe);
    await subscribe.click();

    await page.waitForURL('**/checkout/return**');
    await expect(page.getByTestId('checkout-result')).toHaveText(fr('billing.checkout.subscribed'));
    await expect(page.getByText(fr('billing.checkout.premiumUnlocked'))).toBeVisible();
    await expectAccessible(page, 'checkout return');
    // The page was French because the app created the session in French, not only by the browser's header.
    const customer = await stripeCustomer(email);
    const session = (await emulatorStripe().checkout.sessions.list({ customer: customer.id, limit: 1 })).data[0];
    expect(session?.locale).toBe('fr');

    await page.goto('/billing');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(fr('billing.page.heading'));
    await expect(page.getByTestId('plan-name')).toHaveText('Premium');
    await expect(page.getByTestId('payment-method')).toHaveText(`Visa •••• 4242 · ${fr('billing.paymentMethod.expires', { expiry: '12/34' })}`);
    const subscription = (await emulatorStripe().subscriptions.list({ customer: customer.id, limit: 1 })).data[0];
    const periodEnd = subscription?.items.data[0]?.current_period_end;
    if (!periodEnd) throw new Error(`no subscription period for ${email}`);
    const main = page.getByRole('main');
    await expect(main).toContainText(fr('billing.price', { amount: frenchMoney(PREMIUM_CENTS), interval: fr('billing.intervals.month') }));
    await expect(main).toContainText(fr('billing.page.nextRenewal'));
    await expect(main).toContainText(frenchDate(periodEnd));
    await expect(main).not.toContainText(englishDate(periodEnd));
    await expect(main).not.toContainText('$15.00');
    // The first invoice: today's date and the amount paid, in French, with its French status.
    const invoice = page.getByRole('row').filter({ hasText: fr('billing.invoices.statuses.paid') });
    await expect(invoice).toHaveCount(1);
    await expect(invoice).toContainText(frenchMoney(PREMIUM_CENTS));
    await expectAccessible(page, 'billing');

    // The portal: the person chooses French in the footer (the locale cookie) and the browser now
    // asks for English, so the portal can only be French if the app opens it in French.
    await page.getByRole('group', { name: fr('common.preferences.language') }).getByRole('button', { name: 'Français' }).click();
    await expect.poll(async () => (await page.context().cookies()).find((cookie) => cookie.name === 'locale')?.value).toBe('fr');
    // (Playwright's `locale` outranks extra headers: the header is rewritten on each request.)
    await page.route('**/*', (route) => route.continue({ headers: { ...route.request().headers(), 'accept-language': 'en-US,en;q=0.9' } }));
    await page.getByRole('button', { name: fr('billing.page.manage') }).click();
    await page.waitForURL(`${emulatorUrl()}/p/session/**`);
    await expect(html).toHaveAttribute('lang', 'fr');
    const portal = page.getByRole('main');
    await expect(portal).toContainText(frenchMoney(PREMIUM_CENTS));
    await expect(portal).toContainText(frenchDate(periodEnd));
    await expect(portal).not.toContainText(englishDate(periodEnd));
    await expect(page.getByRole('button', { name: EMULATOR_ENGLISH.cancelAtPeriodEnd })).toHaveCount(0);
    await expectAccessible(page, 'emulator portal');
    await page.getByRole('link', { name: /Entitle/ }).click();
    await page.waitForURL('**/billing?from=portal');
    await expect(html).toHaveAttribute('lang', 'fr');
    await expect(page.getByTestId('action-confirmation')).toContainText(anyOf([fr('billing.page.backFromPortal'), fr('billing.page.backFromPortalLate')]));
    await expectAccessible(page, 'billing, back from the portal');

    // With JavaScript the theme switch redraws the page in place; a chosen theme is checked too.
    const themes = page.getByRole('group', { name: fr('common.preferences.theme') });
    await themes.getByRole('button', { name: fr('common.preferences.themes.dark') }).click();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await expect(themes.getByRole('button', { name: fr('common.preferences.themes.dark') })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('plan-name')).toHaveText('Premium');
    await expectAccessible(page, 'billing, dark chosen');
  });
});

// axe runs inside the page, so these pages are checked by the journeys that have JavaScript.
test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false, locale: 'en-US' });

  test('the footer’s language switch turns the page French, and the next page stays French', async ({ page }) => {
    const html = page.locator('html');
    await page.goto('/pricing');
    await expect(html).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(en('billing.pricing.heading'));

    await page.getByRole('group', { name: en('common.preferences.language') }).getByRole('button', { name: 'Français' }).click();
    await expect(html).toHaveAttribute('lang', 'fr');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(fr('billing.pricing.heading'));
    expect(new URL(page.url()).pathname).toBe('/pricing');
    const languages = page.getByRole('group', { name: fr('common.preferences.language') });
    await expect(languages.getByRole('button', { name: 'Français' })).toHaveAttribute('aria-pressed', 'true');
    await expect(languages.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'false');

    // The choice is kept (the locale cookie), whatever the browser asks for.
    await page.getByRole('link', { name: fr('common.header.signIn') }).click();
    await page.waitForURL('**/sign-in**');
    await expect(html).toHaveAttribute('lang', 'fr');
    await expect(page.getByRole('heading', { name: fr('auth.signIn.title') })).toBeVisible();

    // And back to English the same way.
    await page.getByRole('group', { name: fr('common.preferences.language') }).getByRole('button', { name: 'English' }).click();
    await expect(html).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { name: en('auth.signIn.title') })).toBeVisible();
  });

  test('the footer’s theme switch turns the page dark, and the next page stays dark', async ({ page }) => {
    const html = page.locator('html');
    await page.goto('/');
    await expect(html).toHaveAttribute('data-theme', 'system');

    const themes = page.getByRole('group', { name: en('common.preferences.theme') });
    await themes.getByRole('button', { name: en('common.preferences.themes.dark') }).click();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByRole('group', { name: en('common.preferences.theme') }).getByRole('button', { name: en('common.preferences.themes.dark') })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    // Chosen, not followed: dark although the browser prefers light.
    expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(false);
    expect(await backgroundLuminance(page.locator('body'))).toBeLessThan(0.05);

    await page.goto('/pricing');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    expect(await backgroundLuminance(page.locator('body'))).toBeLessThan(0.05);
  });
});

/**
 * The relative luminance (WCAG, 0 black to 1 white) of an element's background as painted: a
 * canvas turns whatever colour syntax the browser computed (oklch for Tailwind's palette) into sRGB.
 */
async function backgroundLuminance(element: Locator): Promise<number> {
  return element.evaluate((node) => {
    const canvas = document.createElement('canvas');
    canvas.width = 1;
    canvas.height = 1;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    context.fillStyle = getComputedStyle(node).backgroundColor;
    context.fillRect(0, 0, 1, 1);
    const [r = 0, g = 0, b = 0] = context.getImageData(0, 0, 1, 1).data;
    const linear = (channel: number) => {
      const c = channel / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  });
}
