// `npm run dev`: the app on :3000 with zero accounts. Without STRIPE_SECRET_KEY it starts the
// local Stripe emulator (state kept in .data/) and creates the catalog in it; without
// DATABASE_URL the app's embedded PGlite migrates itself when Next.js starts. Like Vercel Cron in
// production (vercel.json), it calls /api/cron/stripe on an interval: the webhook inbox's sweeper
// and the reconciliation run inside the Next.js process, the only one that may open PGlite.
import { spawn } from 'node:child_process';
import { env } from '@/lib/env';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { createStripeClient } from '@/lib/stripe/create-client';
import { DEFAULT_STRIPE_EMULATOR_URL, EMULATOR_ACCOUNT_NAME, EMULATOR_WEBHOOK_SECRET } from '@/lib/env/emulator-defaults';
import { startStripeEmulator, type StripeEmulator } from 'stripe-emulator';

const port = process.env.PORT ?? '3000';
const childEnv: NodeJS.ProcessEnv = { ...process.env };
let emulator: StripeEmulator | undefined;

async function emulatorAlreadyRunning(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/_emulator/health`, { signal: AbortSignal.timeout(500) })).ok;
  } catch {
    return false;
  }
}

if (env.stripe.mode === 'emulator') {
  const url = env.STRIPE_EMULATOR_URL ?? DEFAULT_STRIPE_EMULATOR_URL;
  if (await emulatorAlreadyRunning(url)) {
    console.log(`[entitle] using the Stripe emulator already running at ${url}`);
  } else {
    const { hostname, port: emulatorPort } = new URL(url);
    emulator = await startStripeEmulator({
      host: hostname,
      port: Number(emulatorPort),
      webhookEndpoints: [{ url: `http://localhost:${port}/api/stripe/webhook`, secret: EMULATOR_WEBHOOK_SECRET }],
      snapshotPath: '.data/stripe-emulator.json',
      accountName: EMULATOR_ACCOUNT_NAME,
    });
    console.log(`[entitle] Stripe emulator on ${emulator.url} (no STRIPE_SECRET_KEY set); webhooks to :${port}`);
  }
  await setupCatalog(createStripeClient({ secretKey: env.stripe.secretKey, emulatorUrl: url }));
  childEnv.STRIPE_EMULATOR_URL = url;
} else {
  console.log('[entitle] using real Stripe (STRIPE_SECRET_KEY is set); forward webhooks with `stripe listen`');
}

if (env.databaseUrl.startsWith('postgres')) {
  // A server database is migrated here; the embedded one migrates inside the Next.js process,
  // because two processes must never open one PGlite folder.
  const { migrateDatabase, closeDatabase } = await import('@/db/client');
  await migrateDatabase();
  await closeDatabase();
}

const next = spawn('npx', ['next', 'dev', '--port', port], { stdio: 'inherit', env: childEnv });

/** How often development runs the cron route. Production's schedule is in vercel.json. */
const CRON_INTERVAL_MS = 30_000;
const cron = setInterval(() => {
  fetch(`http://localhost:${port}/api/cron/stripe`, { headers: { authorization: `Bearer ${env.cronSecret}` }, signal: AbortSignal.timeout(CRON_INTERVAL_MS) })
    .then((response) => {
      if (response.status !== 200) console.error(`[entitle] /api/cron/stripe answered ${response.status}`);
    })
    // Not up yet, or restarting: the next run tries again.
    .catch(() => {});
}, CRON_INTERVAL_MS);

const stop = async (code: number) => {
  clearInterval(cron);
  await emulator?.stop();
  process.exit(code);
};
next.on('exit', (code) => void stop(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => next.kill(signal));
