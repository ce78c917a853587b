import { parseArgs } from 'node:util';
import { isRateLimitMode } from './http/rate-limit.js';
import type { StripeEmulatorOptions } from './index.js';

export const USAGE = `Usage: stripe-emulator [options]

A local, stateful Stripe test-mode API for subscriptions. Flags win over the environment.

  --port <n>                 STRIPE_EMULATOR_PORT               default 12111; 0 picks a free port
  --host <address>           STRIPE_EMULATOR_HOST               default 127.0.0.1
  --webhook <url>            STRIPE_WEBHOOK_URL                 deliver every event there (repeatable)
  --webhook-secret <whsec_>  STRIPE_WEBHOOK_SECRET              signs those deliveries: one for all,
                                                                or one per --webhook, in order
  --snapshot <file>          STRIPE_EMULATOR_SNAPSHOT           JSON state: loaded at start, rewritten on change
  --public-url <url>         STRIPE_EMULATOR_PUBLIC_URL         base of hosted page links
  --account-name <name>      STRIPE_EMULATOR_ACCOUNT_NAME       business name on hosted pages and invoices
  --clock <time>             STRIPE_EMULATOR_CLOCK              start the emulator clock at this ISO time or
                                                                Unix seconds (forward only)
  --after-final-retry <m>    STRIPE_EMULATOR_AFTER_FINAL_RETRY  cancel (default), unpaid or past_due
  --rate-limit <mode>        STRIPE_EMULATOR_RATE_LIMIT         off (default), test or live
  --help                     this text
`;

export type CliResult = { help: true } | { help: false; options: StripeEmulatorOptions & { port: number } };

/** Reads the command line and environment into start options; throws an Error naming what is wrong. */
export function parseCliOptions(argv: string[], env: Readonly<Record<string, string | undefined>>): CliResult {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      webhook: { type: 'string', multiple: true },
      'webhook-secret': { type: 'string', multiple: true },
      snapshot: { type: 'string' },
      'public-url': { type: 'string' },
      clock: { type: 'string' },
      'account-name': { type: 'string' },
      'after-final-retry': { type: 'string' },
      'rate-limit': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true };

  const rawPort = values.port ?? (env.STRIPE_EMULATOR_PORT || '12111');
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65535) throw new Error(`The port (--port, STRIPE_EMULATOR_PORT) must be 0 to 65535, not ${rawPort}`);

  const urls = values.webhook ?? (env.STRIPE_WEBHOOK_URL ? [env.STRIPE_WEBHOOK_URL] : []);
  const secrets = values['webhook-secret'] ?? (env.STRIPE_WEBHOOK_SECRET ? [env.STRIPE_WEBHOOK_SECRET] : []);
  if (urls.length > 0 && secrets.length === 0) {
    throw new Error('A webhook URL (--webhook, STRIPE_WEBHOOK_URL) needs a signing secret (--webhook-secret, STRIPE_WEBHOOK_SECRET); its events would be unverifiable.');
  }
  if (secrets.length > 1 && secrets.length !== urls.length) {
    throw new Error(`Give one webhook secret for all endpoints or one per --webhook: ${urls.length} URLs, ${secrets.length} secrets.`);
  }
  const webhookEndpoints = urls.map((url, i) => {
    try {
      new URL(url);
    } catch {
      throw new Error(`The webhook URL ${url} is not a URL.`);
    }
    return { url, secret: secrets.length === 1 ? (secrets[0] ?? '') : (secrets[i] ?? '') };
  });

  const afterFinalRetry = values['after-final-retry'] ?? (env.STRIPE_EMULATOR_AFTER_FINAL_RETRY || 'cancel');
  if (afterFinalRetry !== 'cancel' && afterFinalRetry !== 'unpaid' && afterFinalRetry !== 'past_due') {
    throw new Error(`After the final retry (--after-final-retry, STRIPE_EMULATOR_AFTER_FINAL_RETRY) must be cancel, unpaid or past_due, not ${afterFinalRetry}`);
  }

  const rateLimit = values['rate-limit'] ?? (env.STRIPE_EMULATOR_RATE_LIMIT || 'off');
  if (!isRateLimitMode(rateLimit)) throw new Error(`The rate limit mode (--rate-limit, STRIPE_EMULATOR_RATE_LIMIT) must be live, test or off, not ${rateLimit}`);

  const rawClock = values.clock ?? (env.STRIPE_EMULATOR_CLOCK || undefined);
  let clockStart: number | undefined;
  if (rawClock !== undefined) {
    clockStart = /^\d+$/.test(rawClock) ? Number(rawClock) : Math.floor(Date.parse(rawClock) / 1000);
    if (!Number.isFinite(clockStart)) throw new Error(`The clock (--clock, STRIPE_EMULATOR_CLOCK) must be an ISO time or Unix seconds, not ${rawClock}`);
  }

  return {
    help: false,
    options: {
      port,
      host: values.host ?? (env.STRIPE_EMULATOR_HOST || '127.0.0.1'),
      webhookEndpoints,
      snapshotPath: values.snapshot ?? (env.STRIPE_EMULATOR_SNAPSHOT || undefined),
      publicUrl: values['public-url'] ?? (env.STRIPE_EMULATOR_PUBLIC_URL || undefined),
      accountName: values['account-name'] ?? (env.STRIPE_EMULATOR_ACCOUNT_NAME || undefined),
      billing: { afterFinalRetry },
      rateLimit,
      clockStart,
    },
  };
}
