import 'server-only';
import type Stripe from 'stripe';
import { env } from '@/lib/env';
import { createStripeClient } from './create-client';
import { takeStripeBudget } from './rate-budget';

let client: Stripe | undefined;

/** The server's Stripe client: real Stripe with STRIPE_SECRET_KEY, else the local emulator; within the shared rate budget. */
export function stripe(): Stripe {
  client ??= createStripeClient({
    secretKey: env.stripe.secretKey,
    emulatorUrl: env.stripe.emulatorUrl,
    beforeRequest: (endpoint) => takeStripeBudget(env.stripe.rateLimitPerSecond, { endpoint }),
  });
  return client;
}
