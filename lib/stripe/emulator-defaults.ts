// The emulator's values live below lib/env.ts, which falls back to them (lib/env/emulator-defaults.ts);
// this path is kept for the scripts, tests and benchmarks that still import it from here.
export { DEFAULT_STRIPE_EMULATOR_URL, EMULATOR_ACCOUNT_NAME, EMULATOR_SECRET_KEY, EMULATOR_WEBHOOK_SECRET } from '@/lib/env/emulator-defaults';
