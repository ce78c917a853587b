import { test as base, expect, type BrowserContext } from '@playwright/test';

export { expect };

type CspReporter = { __entitleCspViolation?: (report: string) => void };

/**
 * Records every refusal under a Content-Security-Policy (or X-Frame-Options) in the context's
 * pages: a blocked script, style, frame, connection or form target means a page is broken for
 * real users, even when a journey's own steps still pass.
 */
export async function watchCspViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding('__entitleCspViolation', (_source, report: string) => {
    violations.push(report);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as CspReporter).__entitleCspViolation;
      report?.(`${event.effectiveDirective} refused ${event.blockedURI || '(inline)'} on ${event.documentURI}`);
    });
  });
  // Some refusals (frames, form targets) only reach the console.
  context.on('console', (message) => {
    if (/Content Security Policy|X-Frame-Options/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

/**
 * Playwright's `test`, failing any journey in which the browser refused something under the
 * app's Content-Security-Policy. Every spec imports `test` from here; tests that provoke
 * refusals on purpose use a context of their own.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ context }, use) => {
      const violations = await watchCspViolations(context);
      await use(violations);
      expect(violations, 'the browser refused something under the Content-Security-Policy').toEqual([]);
    },
    { auto: true },
  ],
});
