import 'server-only';
import type Stripe from 'stripe';
import { env } from '@/lib/env';
import { createStripeClient } from './create-client';

let client: Stripe | undefined;

/** The server's Stripe client: real Stripe with STRIPE_SECRET_KEY, else the local emulator. */
export function stripe(): Stripe {
  client ??= createStripeClient({ secretKey: env.stripe.secretKey, emulatorUrl: env.stripe.emulatorUrl });
  return client;
}
