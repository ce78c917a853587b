import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { checkoutLocks } from '@/db/schema';
import { startCheckout, type CheckoutStart } from '@/lib/billing/checkout';
import { ensureStripeCustomer } from '@/lib/billing/customers';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { CARD_OK, TEST_ORIGIN, checkoutSessionIdFrom, createTestUser, testStripe } from '../support/billing-harness';

const { emulator } = await vi.hoisted(() => import('../support/billing-harness').then((m) => m.startBillingEmulator()));

beforeAll(async () => {
  await setupCatalog(await testStripe());
  return () => emulator.stop();
});

function sessionIdOf(started: CheckoutStart): string {
  if (started.kind !== 'redirect') throw new Error(`expected a hosted checkout, got ${started.kind}`);
  return checkoutSessionIdFrom(started.url);
}

async function openSessions(customer: string) {
  return (await (await testStripe()).checkout.sessions.list({ customer, status: 'open', limit: 100 })).data;
}

/** What the customer was charged and holds, counted in Stripe itself. */
async function billedState(customer: string) {
  const stripe = await testStripe();
  const [all, active, paid] = await Promise.all([
    stripe.subscriptions.list({ customer, status: 'all', limit: 100 }),
    stripe.subscriptions.list({ customer, status: 'active', limit: 100 }),
    stripe.invoices.list({ customer, status: 'paid', limit: 100 }),
  ]);
  return {
    subscriptions: all.data.length,
    active: active.data.length,
    paidInvoices: paid.data.length,
    charged: paid.data.reduce((sum, invoice) => sum + invoice.amount_paid, 0),
  };
}

describe('six Subscribe clicks at once', () => {
  it('hand out one checkout session, so paying every URL handed out buys one subscription, charged once', async () => {
    const userId = await createTestUser('six-clicks@example.com');
    const customer = await ensureStripeCustomer(userId);
    const started = await Promise.all(Array.from({ length: 6 }, () => startCheckout(userId, 'premium', TEST_ORIGIN)));
    const handedOut = [...new Set(started.map(sessionIdOf))];

    expect(await openSessions(customer)).toHaveLength(1);
    expect(handedOut).toHaveLength(1);

    // The attacker (or an impatient user) pays every URL they were given, one after the other.
    for (const sessionId of handedOut) await emulator.checkout.complete(sessionId, CARD_OK);
    await emulator.webhooks.waitForIdle();

    expect(await billedState(customer)).toEqual({ subscriptions: 1, active: 1, paidInvoices: 1, charged: 1500 });
  });

  it('end on one session for the plan clicked last when the clicks name different plans', async () => {
    const userId = await createTestUser('mixed-clicks@example.com');
    const customer = await ensureStripeCustomer(userId);
    const started = await Promise.all(['basic', 'premium', 'basic', 'premium'].map((plan) => startCheckout(userId, plan === 'basic' ? 'basic' : 'premium', TEST_ORIGIN)));
    expect(await openSessions(customer)).toHaveLength(1);

    const outcomes = [];
    for (const sessionId of new Set(started.map(sessionIdOf))) outcomes.push((await emulator.checkout.complete(sessionId, CARD_OK)).status);
    await emulator.webhooks.waitForIdle();
    expect(outcomes.filter((status) => status === 'complete')).toHaveLength(1);
    expect((await billedState(customer)).active).toBe(1);
    expect((await billedState(customer)).paidInvoices).toBe(1);
  });

  it('send the user to change plan once one of them has been paid', async () => {
    const userId = await createTestUser('paid-then-click@example.com');
    const customer = await ensureStripeCustomer(userId);
    // Paid, but no webhook yet: our rows do not know; Stripe does.
    emulator.webhooks.pause();
    try {
      const first = await startCheckout(userId, 'basic', TEST_ORIGIN);
      await emulator.checkout.complete(sessionIdOf(first), CARD_OK);
      expect(await startCheckout(userId, 'premium', TEST_ORIGIN)).toEqual({ kind: 'change-plan', url: '/billing?change=premium' });
      expect(await openSessions(customer)).toHaveLength(0);
    } finally {
      emulator.webhooks.resume();
      await emulator.webhooks.flush();
    }
  });
});

describe('the checkout lease', () => {
  it('serializes one user only: another user starts a checkout while the first user’s lease is held', async () => {
    const [held, free] = await Promise.all([createTestUser('lease-held@example.com'), createTestUser('lease-free@example.com')]);
    const heldCustomer = await ensureStripeCustomer(held);
    // Another server instance is in the middle of starting this user's checkout.
    await getDb()
      .insert(checkoutLocks)
      .values({ userId: held, holder: 'other-instance', expiresAt: sql`now() + interval '30 seconds'` });

    const waiting = startCheckout(held, 'basic', TEST_ORIGIN);
    const other = await startCheckout(free, 'basic', TEST_ORIGIN);
    expect(other.kind).toBe('redirect');
    // The held user's request is still waiting for the lease: it has created nothing.
    expect(await openSessions(heldCustomer)).toHaveLength(0);

    // The other instance finishes and gives the lease back; the waiting request goes ahead.
    await getDb().delete(checkoutLocks).where(eq(checkoutLocks.userId, held));
    expect((await waiting).kind).toBe('redirect');
    expect(await openSessions(heldCustomer)).toHaveLength(1);
  });

  it('two users clicking at the same time both get their own session', async () => {
    const [a, b] = await Promise.all([createTestUser('both-a@example.com'), createTestUser('both-b@example.com')]);
    const [customerA, customerB] = await Promise.all([ensureStripeCustomer(a), ensureStripeCustomer(b)]);
    const [startedA, startedB] = await Promise.all([startCheckout(a, 'premium', TEST_ORIGIN), startCheckout(b, 'premium', TEST_ORIGIN)]);
    expect((await openSessions(customerA)).map((s) => s.id)).toEqual([sessionIdOf(startedA)]);
    expect((await openSessions(customerB)).map((s) => s.id)).toEqual([sessionIdOf(startedB)]);
  });

  it('left behind by a crashed instance does not block the next checkout once it has run out', async () => {
    const userId = await createTestUser('crashed-holder@example.com');
    await getDb()
      .insert(checkoutLocks)
      .values({ userId, holder: 'crashed-instance', expiresAt: sql`now() - interval '1 second'` });
    expect((await startCheckout(userId, 'basic', TEST_ORIGIN)).kind).toBe('redirect');
    // Given back after use.
    expect(await getDb().select().from(checkoutLocks).where(eq(checkoutLocks.userId, userId))).toEqual([]);
  });
});
