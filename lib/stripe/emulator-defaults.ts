// Values for the local Stripe emulator, which accepts any key: none of these is a real credential.
// A module of its own so that tools can read them without parsing the environment.

export const DEFAULT_STRIPE_EMULATOR_URL = 'http://127.0.0.1:12111';
export const EMULATOR_SECRET_KEY = 'sk_test_emulator';
export const EMULATOR_WEBHOOK_SECRET = 'whsec_entitle_local_emulator';
/** The business name on the emulator's hosted pages, where Stripe shows the account's public name. */
export const EMULATOR_ACCOUNT_NAME = 'Entitle';
