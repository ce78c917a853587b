import type Stripe from 'stripe';
import { CARD_OK, checkoutSession, idOf, type Harness, type Payment } from './harness.js';

export const JAN_1_2027 = Date.UTC(2027, 0, 1) / 1000;
export const DAY = 86_400;

/** A customer on a fresh test clock, subscribed through Checkout. */
export async function subscribeOnClock(
  h: Harness,
  price: Stripe.Price,
  payment: Payment = CARD_OK,
  extra: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Promise<{ clock: Stripe.TestHelpers.TestClock; customer: string; sub: Stripe.Subscription }> {
  const clock = await h.stripe.testHelpers.testClocks.create({ frozen_time: JAN_1_2027 });
  const customer = await h.stripe.customers.create({ email: 'clocked@example.com', test_clock: clock.id });
  const session = await checkoutSession(h.stripe, price, { customer: customer.id, ...extra });
  const outcome = await h.emulator.checkout.complete(session.id, payment);
  if (outcome.status === 'failed' || outcome.status === 'requires_action') throw new Error(`checkout failed: ${outcome.error ?? outcome.status}`);
  const done = await h.stripe.checkout.sessions.retrieve(session.id);
  const sub = await h.stripe.subscriptions.retrieve(idOf(done.subscription));
  return { clock, customer: customer.id, sub };
}

export async function advanceTo(h: Harness, clock: Stripe.TestHelpers.TestClock, time: number): Promise<void> {
  const advanced = await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: time });
  if (advanced.status !== 'ready') throw new Error(`clock not ready: ${advanced.status}`);
}
