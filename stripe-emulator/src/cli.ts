import { parseCliOptions, USAGE, type CliResult } from './cli-options.js';
import { startStripeEmulator } from './index.js';

// The `stripe-emulator` command (bin/stripe-emulator.js; `npm run stripe:emulator` in entitle).
// Options: `stripe-emulator --help`, or USAGE in cli-options.ts.

let parsed: CliResult;
try {
  parsed = parseCliOptions(process.argv.slice(2), process.env);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  console.error('See stripe-emulator --help.');
  process.exit(1);
}
if (parsed.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const { options } = parsed;

const emulator = await startStripeEmulator(options);

console.log(`Stripe emulator listening on ${emulator.url}`);
console.log(`  SDK: new Stripe(key, { host: '${emulator.host}', port: ${emulator.port}, protocol: 'http' })`);
if (emulator.rateLimit.mode() !== 'off') console.log(`  Rate limits: ${emulator.rateLimit.mode()} mode`);
for (const endpoint of options.webhookEndpoints ?? []) console.log(`  Webhooks → ${endpoint.url}`);
if (options.snapshotPath) console.log(`  Snapshot: ${options.snapshotPath}`);
if (options.clockStart !== undefined) console.log(`  Clock: ${new Date(emulator.clock.now() * 1000).toISOString()}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void emulator.stop().then(() => process.exit(0));
  });
}
