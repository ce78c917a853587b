import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { emitIfChanged, entitlementFingerprint } from './entitlements.js';
import { issueInvoice, periodLine, voidInvoice } from './invoicing.js';
import { chargeInvoice, failPaymentIntent } from './payments.js';
import { addInterval, recurringOf } from './periods.js';
import { customerOf, paymentMethodFor, periodOf, updateSubscription } from './subscription-events.js';
import { applyPaymentOutcome, endSubscription, setStatus } from './subscriptions.js';

/** Starts the next period on every item and bills it, with any pending prorations. */
/** `alsoMutate` folds another change (a trial ending) into the same `customer.subscription.updated`. */
export function renew(
  ctx: Ctx,
  sub: Stripe.Subscription,
  now: number,
  reason: Stripe.Invoice.BillingReason = 'subscription_cycle',
  alsoMutate?: () => void,
  startAt?: number,
): Stripe.Invoice {
  const customerId = customerOf(sub);
  const before = entitlementFingerprint(ctx, customerId);
  const start = startAt ?? (periodOf(sub).end <= now ? periodOf(sub).end : now);
  const state = ctx.store.subState(sub.id);
  updateSubscription(ctx, sub, now, () => {
    alsoMutate?.();
    for (const item of sub.items.data) {
      item.current_period_start = start;
      item.current_period_end = addInterval(start, recurringOf(item.price), sub.billing_cycle_anchor);
    }
  });
  const period = periodOf(sub);
  const lines = [...state.pendingLines, ...sub.items.data.map((item) => periodLine(ctx, sub, item, period, false))];
  state.pendingLines = [];
  const invoice = issueInvoice(ctx, sub, reason, lines, period, now);
  // Smart Retries count per invoice: a new period's invoice starts its own schedule.
  state.retryCount = 0;
  state.nextRetryAt = null;
  collect(ctx, sub, invoice, now);
  emitIfChanged(ctx, customerId, before);
  return invoice;
}

/** Charges an open invoice unless collection is paused, then applies the result to the subscription. */
export function collect(ctx: Ctx, sub: Stripe.Subscription, invoice: Stripe.Invoice, now: number): void {
  if (invoice.status !== 'open') return;
  const pause = sub.pause_collection;
  if (pause) {
    if (pause.behavior === 'void') voidInvoice(ctx, invoice, now);
    else if (pause.behavior === 'mark_uncollectible') {
      invoice.status = 'uncollectible';
      invoice.status_transitions.marked_uncollectible_at = now;
      ctx.events.emit('invoice.marked_uncollectible', invoice, now);
    }
    return;
  }
  const result = chargeInvoice(ctx, invoice, paymentMethodFor(ctx, sub), now);
  applyPaymentOutcome(ctx, sub, invoice, result, now);
}

/** What Stripe does when a trial ends, by payment method presence and `trial_settings`. */
export function endTrial(ctx: Ctx, sub: Stripe.Subscription, now: number): void {
  const pm = paymentMethodFor(ctx, sub);
  const missing = sub.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice';
  if (!pm && missing === 'cancel') {
    sub.trial_end = now;
    endSubscription(ctx, sub, now, 'cancellation_requested');
    return;
  }
  if (!pm && missing === 'pause') {
    setStatus(ctx, sub, 'paused', now);
    ctx.events.emit('customer.subscription.paused', sub, now);
    return;
  }
  renew(ctx, sub, now, 'subscription_cycle', () => {
    sub.status = 'active';
  });
}

export function retryLatestInvoice(ctx: Ctx, sub: Stripe.Subscription, now: number): void {
  const state = ctx.store.subState(sub.id);
  state.nextRetryAt = null;
  state.retryCount += 1;
  const invoiceId = typeof sub.latest_invoice === 'string' ? sub.latest_invoice : sub.latest_invoice?.id;
  const invoice = invoiceId ? ctx.store.invoices.get(invoiceId) : undefined;
  if (!invoice || invoice.status !== 'open') return;
  const result = chargeInvoice(ctx, invoice, paymentMethodFor(ctx, sub), now);
  applyPaymentOutcome(ctx, sub, invoice, result, now);
}

/** First invoice unpaid for 23 hours: Stripe expires the subscription. */
export function expireIncomplete(ctx: Ctx, sub: Stripe.Subscription, now: number): void {
  const invoiceId = typeof sub.latest_invoice === 'string' ? sub.latest_invoice : sub.latest_invoice?.id;
  const invoice = invoiceId ? ctx.store.invoices.get(invoiceId) : undefined;
  if (invoice) {
    const piId = invoice.payments?.data[0]?.payment.payment_intent;
    const pi = typeof piId === 'string' ? ctx.store.paymentIntents.get(piId) : undefined;
    if (pi && pi.status !== 'succeeded' && pi.status !== 'canceled') {
      pi.status = 'canceled';
      pi.canceled_at = now;
      pi.cancellation_reason = 'automatic';
      ctx.events.emit('payment_intent.canceled', pi, now);
    }
    voidInvoice(ctx, invoice, now);
  }
  setStatus(ctx, sub, 'incomplete_expired', now, () => {
    sub.ended_at = now;
  });
}

export { failPaymentIntent };
