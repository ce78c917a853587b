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

/**
 * Runs axe-core (WCAG 2.2 AA) on the page as it is now and fails with one line per violation:
 * rule, impact, what it asks, and the elements at fault. Also saves a full-page screenshot named
 * after the test and `label`, so the journey can be looked at page by page.
 */
export async function expectAccessible(page: Page, label?: string): Promise<void> {
  const name = label ?? new URL(page.url()).pathname;
  await test.step(`accessible: ${name}`, async () => {
    const info = test.info();
    const taken = (shotsTaken.get(info) ?? 0) + 1;
    shotsTaken.set(info, taken);
    const file = `${String(taken).padStart(2, '0')}-${slug(name) || 'page'}.png`;
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, slug(path.basename(info.file, '.spec.ts')), slug(info.title), file),
      fullPage: true,
    });

    const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA_TAGS).analyze();
    const violations = results.violations.map((violation) => {
      const targets = violation.nodes.map((node) => node.target.join(' ')).join(', ');
      return `${violation.id} (${violation.impact ?? 'unknown'}): ${violation.help} — ${targets}`;
    });
    expect(violations, `axe found WCAG 2.2 AA violations on ${name} (${page.url()})`).toEqual([]);
  });
}
