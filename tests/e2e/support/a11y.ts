import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/** The WCAG 2.2 AA rule set: axe tags every rule with the level and version that introduced it. */
export const WCAG_22_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Where the journeys leave a screenshot of every page they check, for a reviewer to look at
 * without running anything (CI keeps the folder as an artifact). Outside Playwright's own
 * `test-results/`, which every run empties, so journeys run in separate invocations all stay.
 */
export const SCREENSHOT_DIR = path.resolve('test-results-screenshots');

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

const shotsTaken = new WeakMap<object, number>();

/** Every page is checked in both colour schemes: dark mode is only as accessible as its contrast. */
export const COLOR_SCHEMES = ['light', 'dark'] as const;
export type ColorScheme = (typeof COLOR_SCHEMES)[number];

/**
 * Shows the page in `scheme` without reloading it, so a dialog or a refused form stays as the
 * journey left it. The browser's preference decides for pages that follow the system (the app's
 * default theme `system`, and the emulator's pages); a theme the person chose (data-theme on
 * <html>) is swapped for the scheme and put back by `restore`.
 */
async function showIn(page: Page, scheme: ColorScheme): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme });
  await page.evaluate((wanted) => {
    const html = document.documentElement;
    const chosen = html.dataset.theme;
    if (chosen === 'light' || chosen === 'dark') {
      html.dataset.e2eChosenTheme ??= chosen;
      html.dataset.theme = wanted;
    }
    // Colour transitions (hover and focus styles) would leave axe measuring a colour halfway
    // between the schemes: end them now. getAnimations() applies the new scheme's styles first.
    for (const animation of document.getAnimations()) {
      if (animation instanceof CSSTransition) animation.finish();
    }
  }, scheme);
}

async function restore(page: Page, scheme: ColorScheme): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme });
  await page.evaluate(() => {
    const html = document.documentElement;
    const chosen = html.dataset.e2eChosenTheme;
    if (chosen) {
      html.dataset.theme = chosen;
      delete html.dataset.e2eChosenTheme;
    }
  });
}

/**
 * Runs axe-core (WCAG 2.2 AA) on the page as it is now, once in the light and once in the dark
 * colour scheme, and fails with one line per violation: scheme, rule, impact, what it asks, and
 * the elements at fault. Also saves a full-page screenshot in each scheme, named after the test
 * and `label`, so the journey can be looked at page by page. The page is left in the scheme it
 * was in. axe runs as a script in the page: a context without JavaScript cannot be checked.
 */
export async function expectAccessible(page: Page, label?: string): Promise<void> {
  const name = label ?? new URL(page.url()).pathname;
  await test.step(`accessible: ${name}`, async () => {
    const info = test.info();
    const taken = (shotsTaken.get(info) ?? 0) + 1;
    shotsTaken.set(info, taken);
    const folder = path.join(SCREENSHOT_DIR, slug(path.basename(info.file, '.spec.ts')), slug(info.title));
    const file = `${String(taken).padStart(2, '0')}-${slug(name) || 'page'}`;
    const original: ColorScheme = (await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)) ? 'dark' : 'light';

    const violations: string[] = [];
    try {
      for (const scheme of COLOR_SCHEMES) {
        await showIn(page, scheme);
        await page.screenshot({ path: path.join(folder, `${file}-${scheme}.png`), fullPage: true, animations: 'disabled' });
        const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA_TAGS).analyze();
        for (const violation of results.violations) {
          const targets = violation.nodes.map((node) => node.target.join(' ')).join(', ');
          violations.push(`${scheme}: ${violation.id} (${violation.impact ?? 'unknown'}): ${violation.help} — ${targets}`);
        }
      }
    } finally {
      await restore(page, original);
    }
    expect(violations, `axe found WCAG 2.2 AA violations on ${name} (${page.url()})`).toEqual([]);
  });
}
