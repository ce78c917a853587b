import { isRateLimitMode, type RateLimitMode } from './http/rate-limit.js';
import { startStripeEmulator } from './index.js';

/**
 * `npm run stripe:emulator`. Env: STRIPE_EMULATOR_PORT (default 12111), STRIPE_WEBHOOK_URL and
 * STRIPE_WEBHOOK_SECRET (deliver every event there), STRIPE_EMULATOR_SNAPSHOT (state file),
 * STRIPE_EMULATOR_HOST (default 127.0.0.1), STRIPE_EMULATOR_PUBLIC_URL (base for page links),
 * STRIPE_EMULATOR_AFTER_FINAL_RETRY (cancel | unpaid | past_due; default cancel),
 * STRIPE_EMULATOR_RATE_LIMIT or --rate-limit=<mode> (live | test | off; default off).
 */
const port = Number(process.env.STRIPE_EMULATOR_PORT ?? 12111);
const webhookUrl = process.env.STRIPE_WEBHOOK_URL;
const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET;
if (webhookUrl && !webhookSecret) {
  console.error('STRIPE_WEBHOOK_URL is set but STRIPE_WEBHOOK_SECRET is not; events would be unverifiable.');
  process.exit(1);
}

function afterFinalRetry(): 'cancel' | 'unpaid' | 'past_due' {
  const raw = process.env.STRIPE_EMULATOR_AFTER_FINAL_RETRY ?? 'cancel';
  if (raw === 'cancel' || raw === 'unpaid' || raw === 'past_due') return raw;
  console.error(`STRIPE_EMULATOR_AFTER_FINAL_RETRY must be cancel, unpaid or past_due, not ${raw}`);
  process.exit(1);
}

function rateLimit(): RateLimitMode {
  const flag = process.argv.slice(2).find((a) => a.startsWith('--rate-limit='));
  const raw = flag ? flag.slice('--rate-limit='.length) : (process.env.STRIPE_EMULATOR_RATE_LIMIT || 'off');
  if (isRateLimitMode(raw)) return raw;
  console.error(`The rate limit mode must be live, test or off, not ${raw}`);
  process.exit(1);
}

const emulator = await startStripeEmulator({
  port,
  host: process.env.STRIPE_EMULATOR_HOST ?? '127.0.0.1',
  webhookEndpoints: webhookUrl && webhookSecret ? [{ url: webhookUrl, secret: webhookSecret }] : [],
  snapshotPath: process.env.STRIPE_EMULATOR_SNAPSHOT || undefined,
  publicUrl: process.env.STRIPE_EMULATOR_PUBLIC_URL || undefined,
  billing: { afterFinalRetry: afterFinalRetry() },
  rateLimit: rateLimit(),
});

console.log(`Stripe emulator listening on ${emulator.url}`);
console.log(`  SDK: new Stripe(key, { host: '${emulator.host}', port: ${emulator.port}, protocol: 'http' })`);
if (emulator.rateLimit.mode() !== 'off') console.log(`  Rate limits: ${emulator.rateLimit.mode()} mode`);
if (webhookUrl) console.log(`  Webhooks → ${webhookUrl}`);
if (process.env.STRIPE_EMULATOR_SNAPSHOT) console.log(`  Snapshot: ${process.env.STRIPE_EMULATOR_SNAPSHOT}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void emulator.stop().then(() => process.exit(0));
  });
}
