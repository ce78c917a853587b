// `npm run stripe:setup`: creates the features, products and prices the app sells, idempotently
// by lookup key, in the Stripe account of STRIPE_SECRET_KEY, or in the local emulator without one.
import { env } from '@/lib/env';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { createStripeClient } from '@/lib/stripe/create-client';

const target = env.stripe.mode === 'emulator' ? `the Stripe emulator at ${env.stripe.emulatorUrl}` : 'Stripe';
const result = await setupCatalog(createStripeClient({ secretKey: env.stripe.secretKey, emulatorUrl: env.stripe.emulatorUrl }));
console.log(`[entitle] catalog ready in ${target}:`);
for (const plan of result.plans) console.log(`  ${plan.plan}: ${plan.productId} ${plan.priceId}`);
