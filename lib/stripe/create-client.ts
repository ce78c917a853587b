import Stripe from 'stripe';
import { BudgetedHttpClient } from './http-client';

type StripeTarget = {
  secretKey: string;
  emulatorUrl?: string;
  /** Awaited before every request, with its endpoint: the server's shared rate budget (lib/stripe/rate-budget.ts). */
  beforeRequest?: (endpoint: string) => Promise<void>;
};

/**
 * The one way this project builds a Stripe client. Against the emulator only the host, port and
 * protocol change: the SDK, the API version and every call are the ones used with real Stripe.
 */
export function createStripeClient({ secretKey, emulatorUrl, beforeRequest }: StripeTarget): Stripe {
  const emulator = emulatorUrl ? new URL(emulatorUrl) : undefined;
  return new Stripe(secretKey, {
    // The version the installed SDK pins: its TypeScript types describe exactly these objects.
    apiVersion: Stripe.API_VERSION,
    maxNetworkRetries: 2,
    appInfo: { name: 'entitle' },
    // Retries 429s with backoff, which the SDK's own retries leave alone (see http-client.ts).
    httpClient: new BudgetedHttpClient(beforeRequest),
    ...(emulator
      ? {
          host: emulator.hostname,
          port: Number(emulator.port || (emulator.protocol === 'https:' ? 443 : 80)),
          protocol: emulator.protocol === 'https:' ? ('https' as const) : ('http' as const),
        }
      : {}),
  });
}
