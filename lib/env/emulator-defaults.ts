// Values for the local Stripe emulator, which accepts any key: none of these is a real credential.
// lib/env.ts falls back to them when no Stripe key is set; they sit under it, importing nothing,
// so that env stays at the bottom of the app and tools can read them without parsing the environment.

export const DEFAULT_STRIPE_EMULATOR_URL = 'http://127.0.0.1:12111';
export const EMULATOR_SECRET_KEY = 'sk_test_emulator';
export const EMULATOR_WEBHOOK_SECRET = 'whsec_entitle_local_emulator';
/** The business name on the emulator's hosted pages, where Stripe shows the account's public name. */
export const EMULATOR_ACCOUNT_NAME = 'Entitle';
