import type Stripe from 'stripe';
import type { StripeEmulator } from 'stripe-emulator';

// The app's billing code against the real Stripe SDK, the local emulator and the real webhook
// route. Start it from `vi.hoisted` so the emulator's URL is in the environment before any app
// module reads it:
//   const { emulator } = await vi.hoisted(() => import('../support/billing-harness').then((m) => m.startBillingEmulator()));

export const TEST_ORIGIN = 'http://localhost:3000';

export async function startBillingEmulator(): Promise<{ emulator: StripeEmulator }> {
  const { startStripeEmulator } = await import('stripe-emulator');
  const { EMULATOR_ACCOUNT_NAME, EMULATOR_WEBHOOK_SECRET } = await import('@/lib/env/emulator-defaults');
  const emulator = await startStripeEmulator({
    port: 0,
    accountName: EMULATOR_ACCOUNT_NAME,
    webhookEndpoints: [{ url: `${TEST_ORIGIN}/api/stripe/webhook`, secret: EMULATOR_WEBHOOK_SECRET }],
    // Webhooks go straight into the route handler, as Next.js would call it, signature and all.
    // The delivery ends once the work the route does after answering is done too, so that
    // `waitForIdle()` means the events are processed (tests/billing/webhook-*.test.ts look at
    // the answer before that work).
    fetch: async (input, init) => {
      const [{ POST }, { serveRoute }] = await Promise.all([import('@/app/api/stripe/webhook/route'), import('./route-scope')]);
      const served = await serveRoute(POST, new Request(input, init));
      await served.finish();
      return served.response;
    },
  });
  process.env.STRIPE_EMULATOR_URL = emulator.url;
  return { emulator };
}

export function checkoutSessionIdFrom(url: string): string {
  const id = /cs_[A-Za-z0-9_]+/.exec(url)?.[0];
  if (!id) throw new Error(`no checkout session id in ${url}`);
  return id;
}

export async function createTestUser(email: string): Promise<string> {
  const { createUserWithPassword } = await import('@/lib/auth/users');
  const created = await createUserWithPassword({ email, password: 'password123' });
  if (!('user' in created)) throw new Error(`could not create ${email}`);
  return created.user.id;
}

type Card = { type: 'card'; number: string };
export const CARD_OK: Card = { type: 'card', number: '4242424242424242' };

/** Signs the user up for a plan the way the app does: our checkout session, paid on the emulator. */
export async function subscribe(
  emulator: StripeEmulator,
  userId: string,
  plan: 'basic' | 'premium',
  payment: Card = CARD_OK,
  { waitForWebhooks = true } = {},
) {
  const { startCheckout } = await import('@/lib/billing/checkout');
  const started = await startCheckout(userId, plan, TEST_ORIGIN);
  if (started.kind !== 'redirect') throw new Error(`expected a hosted checkout, got ${started.kind}`);
  const sessionId = checkoutSessionIdFrom(started.url);
  const outcome = await emulator.checkout.complete(sessionId, payment);
  if (waitForWebhooks) await emulator.webhooks.waitForIdle();
  return { sessionId, outcome };
}

export async function testStripe(): Promise<Stripe> {
  const { stripe } = await import('@/lib/stripe/client');
  return stripe();
}
