import { EMULATOR_WEBHOOK_SECRET } from '@/lib/env/emulator-defaults';
import { expect, test } from './support/fixtures';
import { appVars, spawnApp } from './support/server';

// A deploy with a missing or unsafe variable must not come up: `next start` (on the build the
// journeys run against) exits non-zero and names the variable, instead of printing "Ready" and
// answering 500 or, worse, running on development defaults.

type Outcome = { code: number | null; output: string; answered: number[] };

async function startAndWaitForExit(vars: Record<string, string | undefined>): Promise<Outcome> {
  const app = await spawnApp(vars);
  const timeout = setTimeout(() => app.process.kill('SIGKILL'), 60_000);
  // Whatever it answers while it lives is recorded: a server that should stop must not serve.
  const answered: number[] = [];
  const poll = setInterval(() => {
    fetch(`${app.url}/`, { redirect: 'manual' }).then(
      (response) => void answered.push(response.status),
      () => undefined,
    );
  }, 250);
  const code = await app.exited;
  clearInterval(poll);
  clearTimeout(timeout);
  return { code, output: app.output(), answered };
}

/** The variables a start-up message names, one per line (`  NAME: what to set`). */
function named(output: string): string[] {
  return [...output.matchAll(/^ {2}([A-Z_]+): /gm)].map((m) => m[1] ?? '').sort();
}

test.describe.configure({ timeout: 150_000 });

test('next start without AUTH_SECRET exits non-zero naming it, even under NODE_ENV=development', async () => {
  const outcome = await startAndWaitForExit({ ...appVars(), NODE_ENV: 'development', AUTH_SECRET: undefined });
  expect(outcome.code, outcome.output).toBe(1);
  expect(named(outcome.output)).toEqual(['AUTH_SECRET']);
  expect(outcome.answered.filter((status) => status < 500)).toEqual([]);
});

test("next start with the emulator's public webhook secret and no site URL exits non-zero naming both", async () => {
  const outcome = await startAndWaitForExit({ ...appVars(), STRIPE_WEBHOOK_SECRET: EMULATOR_WEBHOOK_SECRET, NEXT_PUBLIC_SITE_URL: undefined });
  expect(outcome.code, outcome.output).toBe(1);
  expect(named(outcome.output)).toEqual(['NEXT_PUBLIC_SITE_URL', 'STRIPE_WEBHOOK_SECRET']);
  expect(outcome.answered.filter((status) => status < 500)).toEqual([]);
});
