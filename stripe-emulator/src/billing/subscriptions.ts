import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { newId } from '../core/ids.js';
import { buildItem, buildSubscription } from './build-subscription.js';
import { emitIfChanged, entitlementFingerprint } from './entitlements.js';
import { issueInvoice, periodLine, voidInvoice } from './invoicing.js';
import { chargeInvoice, ensurePaymentIntent, type ChargeResult } from './payments.js';
import { addInterval, recurringOf } from './periods.js';
import { customerOf, DAY, updateSubscription } from './subscription-events.js';

export interface CreateSubscriptionInput {
  customer: Stripe.Customer;
  items: { price: Stripe.Price; quantity: number; metadata?: Stripe.Metadata }[];
  trialEnd: number | null;
  trialSettings: Stripe.Subscription.TrialSettings | null;
  paymentMethod: Stripe.PaymentMethod | null;
  metadata: Stripe.Metadata;
  description: string | null;
  /** `default_incomplete` leaves the first invoice open for the client to pay. */
  paymentBehavior: 'charge' | 'default_incomplete';
}

export interface CreateSubscriptionResult {
  subscription: Stripe.Subscription;
  invoice: Stripe.Invoice;
  charge: ChargeResult | null;
}

/** Stripe's Smart Retries default: up to 4 attempts over about two weeks. */
const RETRY_DAYS = [3, 5, 7];
export const MAX_RETRIES = RETRY_DAYS.length;

export function createSubscription(ctx: Ctx, input: CreateSubscriptionInput): CreateSubscriptionResult {
  const customerId = input.customer.id;
  const before = entitlementFingerprint(ctx, customerId);
  const now = ctx.clock.nowFor(customerId);
  const id = newId('sub');
  const firstPrice = input.items[0]?.price;
  if (!firstPrice) throw new Error('subscription without items');
  const periodEnd = input.trialEnd ?? addInterval(now, recurringOf(firstPrice));
  const period = { start: now, end: periodEnd };
  const items = input.items.map((i) => buildItem(id, i.price, i.quantity, now, period, i.metadata));
  const testClock = typeof input.customer.test_clock === 'string' ? input.customer.test_clock : (input.customer.test_clock?.id ?? null);
  const sub = buildSubscription(
    {
      id,
      customer: customerId,
      currency: firstPrice.currency,
      created: now,
      testClock,
      metadata: input.metadata,
      defaultPaymentMethod: input.paymentMethod?.id ?? null,
      trialEnd: input.trialEnd,
      trialSettings: input.trialSettings,
      description: input.description,
    },
    items,
  );
  ctx.store.subscriptions.set(sub.id, sub);
  ctx.events.emit('customer.subscription.created', sub, now);
  // A trial of three days or less gets its warning straight away.
  if (input.trialEnd && input.trialEnd - now <= 3 * DAY) {
    ctx.store.subState(sub.id).trialWillEndSent = true;
    ctx.events.emit('customer.subscription.trial_will_end', sub, now);
  }
  const lines = sub.items.data.map((item) => periodLine(ctx, sub, item, period, input.trialEnd !== null));
  const invoice = issueInvoice(ctx, sub, 'subscription_create', lines, period, now);
  let charge: ChargeResult | null = null;
  if (invoice.status === 'open' && input.paymentBehavior === 'charge') {
    charge = chargeInvoice(ctx, invoice, input.paymentMethod, now);
    applyPaymentOutcome(ctx, sub, invoice, charge, now);
  } else if (invoice.status === 'open') {
    // default_incomplete: the client confirms this PaymentIntent (latest_invoice.confirmation_secret).
    ensurePaymentIntent(ctx, invoice, input.paymentMethod, now);
  }
  emitIfChanged(ctx, customerId, before);
  return { subscription: sub, invoice, charge };
}

/** Moves the subscription's status after a payment attempt on one of its invoices. */
export function applyPaymentOutcome(ctx: Ctx, sub: Stripe.Subscription, invoice: Stripe.Invoice, result: ChargeResult, now: number): void {
  const state = ctx.store.subState(sub.id);
  if (result.status === 'succeeded' || result.status === 'processing') {
    if (result.status === 'succeeded') {
      state.nextRetryAt = null;
      state.retryCount = 0;
      invoice.next_payment_attempt = null;
    }
    if (['incomplete', 'past_due', 'unpaid'].includes(sub.status)) {
      const hasOtherOpen = ctx.store.invoices.valuesBy('subscription', sub.id).some((i) => i.id !== invoice.id && i.status === 'open');
      if (!hasOtherOpen || sub.status === 'incomplete') updateSubscription(ctx, sub, now, () => (sub.status = 'active'));
    }
    return;
  }
  if (invoice.billing_reason === 'subscription_create' && sub.status === 'incomplete') return;
  if (state.retryCount >= MAX_RETRIES) {
    // The last retry failed: at once for a card, at settlement for a bank debit.
    state.nextRetryAt = null;
    invoice.next_payment_attempt = null;
    const after = ctx.settings.afterFinalRetry;
    if (after === 'cancel') endSubscription(ctx, sub, now, 'payment_failed');
    else if (after === 'unpaid') setStatus(ctx, sub, 'unpaid', now);
    return;
  }
  const delay = RETRY_DAYS[state.retryCount];
  if (delay !== undefined) {
    state.nextRetryAt = now + delay * DAY;
    invoice.next_payment_attempt = state.nextRetryAt;
  } else {
    state.nextRetryAt = null;
    invoice.next_payment_attempt = null;
  }
  if (sub.status === 'active' || sub.status === 'trialing') {
    updateSubscription(ctx, sub, now, () => (sub.status = 'past_due'));
  }
}

/** Ends the subscription now; emits `customer.subscription.deleted` like Stripe. */
export function endSubscription(
  ctx: Ctx,
  sub: Stripe.Subscription,
  now: number,
  reason: Stripe.Subscription.CancellationDetails.Reason,
): void {
  const customerId = customerOf(sub);
  const before = entitlementFingerprint(ctx, customerId);
  sub.status = 'canceled';
  sub.canceled_at = sub.canceled_at ?? now;
  sub.ended_at = now;
  sub.cancellation_details = { ...(sub.cancellation_details ?? { comment: null, feedback: null, feedback_option: null }), reason };
  const state = ctx.store.subState(sub.id);
  state.nextRetryAt = null;
  for (const invoice of ctx.store.invoices.valuesBy('subscription', sub.id)) {
    if (invoice.status === 'open' && invoice.billing_reason === 'subscription_create') {
      voidInvoice(ctx, invoice, now);
    }
  }
  ctx.events.emit('customer.subscription.deleted', sub, now);
  emitIfChanged(ctx, customerId, before);
}

/** Changes status with an updated event and entitlement tracking. */
export function setStatus(ctx: Ctx, sub: Stripe.Subscription, status: Stripe.Subscription.Status, now: number, extra?: () => void): void {
  const customerId = customerOf(sub);
  const before = entitlementFingerprint(ctx, customerId);
  updateSubscription(ctx, sub, now, () => {
    sub.status = status;
    extra?.();
  });
  emitIfChanged(ctx, customerId, before);
}
