import type { Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';
import { emulatorStripe, emulatorUrl, signUp, stripeCustomer } from './support/journey';

// The subscription journey with the keyboard alone: after signing up, every step is Tab,
// Shift+Tab, Enter, Escape and typing. Each stop checks that focus is visible where it landed, and
// each action is followed by the confirmation a person would see.

type Focused = { name: string; tag: string; ring: boolean; inDialog: boolean };

/** The focused element: its accessible-ish name, and whether a focus ring is drawn around it. */
async function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!(el instanceof HTMLElement) || el === document.body) return null;
    const labelled = el.getAttribute('aria-label') ?? (el instanceof HTMLInputElement ? (el.labels?.[0]?.innerText ?? '') : el.innerText);
    // Radios hidden behind their styled label draw the ring on the label.
    const drawn = el instanceof HTMLInputElement && el.type === 'radio' && el.labels?.[0] ? el.labels[0] : el;
    const style = getComputedStyle(drawn);
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    return { name: labelled.trim().replace(/\s+/g, ' '), tag: el.tagName.toLowerCase(), ring, inDialog: Boolean(el.closest('dialog')) };
  });
}

/** Presses Tab (or Shift+Tab) until the element named `name` has focus, and checks its focus ring. */
async function tabTo(page: Page, name: string | RegExp, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  const seen: string[] = [];
  for (let presses = 0; presses < 40; presses++) {
    await page.keyboard.press(key);
    const now = await focused(page);
    seen.push(now?.name ?? '(nothing)');
    if (now && (typeof name === 'string' ? now.name === name : name.test(now.name))) {
      expect(now.ring, `a visible focus ring on "${now.name}"`).toBe(true);
      return;
    }
  }
  throw new Error(`${key} never reached ${String(name)}; it went through: ${seen.join(' → ')}`);
}

async function expectFocusOn(page: Page, name: string): Promise<void> {
  await expect.poll(async () => (await focused(page))?.name).toBe(name);
}

test('the whole subscription journey with the keyboard alone: choose, pay, cancel in a dialog, resume', async ({ page }) => {
  const email = await signUp(page, 'keyboard');

  // Dashboard → pricing → the emulator's checkout page.
  await tabTo(page, 'Choose a plan');
  await page.keyboard.press('Enter');
  await page.waitForURL('**/pricing');
  await tabTo(page, 'Subscribe to Premium');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${emulatorUrl()}/c/pay/**`);
  await expect(page.getByRole('heading', { name: 'Subscribe' })).toBeVisible();

  // Pay: the payment methods are radios (arrow keys), the card fields follow in order.
  await tabTo(page, 'Card number');
  await page.keyboard.type('4242 4242 4242 4242');
  await tabTo(page, 'Expiry (MM / YY)');
  await page.keyboard.type('12 / 34');
  await tabTo(page, 'CVC');
  await page.keyboard.type('123');
  await tabTo(page, 'Subscribe');
  await page.keyboard.press('Enter');
  await page.waitForURL('**/checkout/return**');
  await expect(page.getByTestId('checkout-result')).toHaveText('Thank you, you are subscribed');
  await expect(page.getByText('Premium is unlocked.')).toBeVisible();

  // Billing shows the card as the emulator's pages do.
  await tabTo(page, 'Billing');
  await page.keyboard.press('Enter');
  await page.waitForURL('**/billing');
  await expect(page.getByTestId('plan-name')).toHaveText('Premium');
  await expect(page.getByTestId('payment-method')).toHaveText('Visa •••• 4242 · expires 12/34');

  // Cancel opens a modal dialog with focus on the harmless choice; Escape closes it and focus
  // goes back to the button that opened it.
  await tabTo(page, 'Cancel subscription');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expectFocusOn(page, 'Keep subscription');
  await expectAccessible(page, 'cancel dialog');
  // Tab stays inside the dialog: the page behind it is inert.
  for (let presses = 0; presses < 4; presses++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now) expect(now.inDialog, `focus left the dialog for "${now.name}"`).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expectFocusOn(page, 'Cancel subscription');
  const customer = await stripeCustomer(email);
  const [subscription] = (await emulatorStripe().subscriptions.list({ customer: customer.id, limit: 1 })).data;
  expect(subscription?.cancel_at_period_end, 'Escape canceled nothing').toBe(false);

  // Again, and this time confirm.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await tabTo(page, 'Cancel subscription');
  expect((await focused(page))?.inDialog).toBe(true);
  await page.keyboard.press('Enter');
  const confirmation = page.getByTestId('action-confirmation');
  await expect(confirmation).toContainText('Your subscription is canceled. You keep Premium until');
  await expect(confirmation).toBeFocused();
  await expect(page.getByTestId('cancel-banner')).toBeVisible();
  await expectAccessible(page, 'billing, canceled');

  // Changed their mind: resume from the banner.
  await tabTo(page, 'Keep my subscription');
  await page.keyboard.press('Enter');
  await expect(confirmation).toContainText('Your subscription is back on. Premium renews on');
  await expect(confirmation).toBeFocused();
  await expect(page.getByTestId('cancel-banner')).toHaveCount(0);
  await expectAccessible(page, 'billing, resumed');
  const [resumed] = (await emulatorStripe().subscriptions.list({ customer: customer.id, limit: 1 })).data;
  expect(resumed?.cancel_at_period_end).toBe(false);
  expect(resumed?.cancel_at).toBeNull();

  // The premium page, reached from the navigation.
  await tabTo(page, 'Premium', 'Shift+Tab');
  await page.keyboard.press('Enter');
  await page.waitForURL('**/premium');
  await expect(page.getByTestId('premium-heading')).toHaveText('Premium reports');
});
