// `npm run test:e2e`: the browser journeys against a production build. Starts the Stripe
// emulator in-process on a free port (webhooks to the app), creates the catalog in it, builds,
// starts `next start` on another free port with a fresh embedded database and every secret
// given explicitly (generated AUTH_SECRET and webhook secret, NEXT_PUBLIC_SITE_URL), as
// production requires, runs Playwright, then stops everything. Never touches :3000 or :12111.
// Arguments are passed to `playwright test`. E2E_SKIP_BUILD=1 reuses an existing `.next`.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { createStripeClient } from '@/lib/stripe/create-client';
import { EMULATOR_ACCOUNT_NAME, EMULATOR_SECRET_KEY } from '@/lib/env/emulator-defaults';
import { startStripeEmulator } from 'stripe-emulator';
import { startSmtpCapture } from '@/tests/support/smtp-capture';
import { freePort } from './free-port';

const HOST = '127.0.0.1';

// Each tool runs as its own process group (no npx or shell in between), so stopping it stops its children.
const bin = (name: string) => path.resolve('node_modules', '.bin', name);

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin(command), args, { stdio: 'inherit', env });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function waitForServer(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with code ${server.exitCode}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000), redirect: 'manual' });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the app did not answer at ${url} within ${timeoutMs / 1000}s`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const group = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => group('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    group('SIGTERM');
  });
}

const appPort = Number(process.env.E2E_APP_PORT ?? 0) || (await freePort());
const appUrl = `http://${HOST}:${appPort}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'entitle-e2e-'));
const baseEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
// The app must use the emulator: a Stripe key in the caller's environment would be refused next to it.
delete baseEnv.STRIPE_SECRET_KEY;
delete baseEnv.STRIPE_WEBHOOK_SECRET;
delete baseEnv.NEXT_PUBLIC_SITE_URL;
delete baseEnv.AUTH_URL;
// Mail goes to this run's capturing SMTP server, whatever the caller's environment says.
delete baseEnv.RESEND_API_KEY;
delete baseEnv.MAIL;
// A production server takes no secret by default: this run's own, shared with the emulator's endpoint.
const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;

let exitCode = 1;
let server: ChildProcess | undefined;
const emulator = await startStripeEmulator({
  host: HOST,
  port: Number(process.env.E2E_EMULATOR_PORT ?? 0),
  webhookEndpoints: [{ url: `${appUrl}/api/stripe/webhook`, secret: webhookSecret }],
  accountName: EMULATOR_ACCOUNT_NAME,
});

// Production has no local mailbox: the app mails through SMTP to this server, which writes each
// mail into the run's folder for the journeys (tests/e2e/support/mailbox.ts).
const mailDir = path.join(dataDir, 'mail');
const smtp = await startSmtpCapture({ host: HOST, dir: mailDir });

const shutdown = async () => {
  if (server) await stopProcess(server);
  await emulator.stop();
  await smtp.close();
  rmSync(dataDir, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void shutdown().then(() => process.exit(130)));
}

try {
  console.log(`[e2e] Stripe emulator on ${emulator.url}; webhooks to ${appUrl}/api/stripe/webhook`);
  await setupCatalog(createStripeClient({ secretKey: EMULATOR_SECRET_KEY, emulatorUrl: emulator.url }));

  if (process.env.E2E_SKIP_BUILD !== '1') {
    console.log('[e2e] next build');
    const built = await run('next', ['build'], { ...baseEnv, NODE_ENV: 'production' });
    if (built !== 0) throw new Error(`next build failed with code ${built}`);
  }

  const appVars = {
    NODE_ENV: 'production',
    DATABASE_URL: `pglite://${path.join(dataDir, 'pglite')}`,
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    STRIPE_EMULATOR_URL: emulator.url,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    NEXT_PUBLIC_SITE_URL: appUrl,
    CRON_SECRET: randomBytes(32).toString('base64url'),
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Entitle <no-reply@entitle.test>',
  } as const;
  const appEnv: NodeJS.ProcessEnv = { ...baseEnv, ...appVars, PORT: String(appPort) };
  console.log(`[e2e] next start on ${appUrl} (database in ${dataDir})`);
  server = spawn(bin('next'), ['start', '--hostname', HOST, '--port', String(appPort)], { stdio: 'inherit', env: appEnv, detached: true });
  await waitForServer(`${appUrl}/sign-in`, server, 60_000);

  exitCode = await run('playwright', ['test', ...process.argv.slice(2)], {
    ...baseEnv,
    // The workspace's stripe-emulator resolves to its TypeScript sources only under this condition
    // (its package.json `exports`); Playwright's workers load it for the specs that start one.
    NODE_OPTIONS: [baseEnv.NODE_OPTIONS, '--conditions=stripe-emulator-source'].filter(Boolean).join(' '),
    E2E_BASE_URL: appUrl,
    E2E_EMULATOR_URL: emulator.url,
    E2E_MAIL_DIR: mailDir,
    // The server's variables, for the journeys that start servers of their own (start-up.spec.ts).
    E2E_APP_VARS: JSON.stringify(appVars),
  });
  if (exitCode !== 0) {
    console.error(`[e2e] failed: traces and screenshots are in ${path.resolve('test-results')}`);
    console.error('[e2e] open a trace with `npx playwright show-trace test-results/<test>/trace.zip`');
  }
} catch (error) {
  console.error('[e2e]', error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await shutdown();
}
process.exit(exitCode);
