import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { buildPaymentIntent } from './build-payment-intent.js';
import type { ChargeBehaviour, Decline } from './test-values.js';

export type ChargeResult =
  | { status: 'succeeded' }
  | { status: 'failed'; decline: Decline }
  | { status: 'processing'; settlesAt: number };

function customerIdOf(invoice: Stripe.Invoice): string | null {
  return typeof invoice.customer === 'string' ? invoice.customer : (invoice.customer?.id ?? null);
}

const NO_PAYMENT_METHOD: Decline = {
  code: 'resource_missing',
  message: 'This customer has no attached payment source or default payment method.',
};

function recordPayment(ctx: Ctx, invoice: Stripe.Invoice, pi: Stripe.PaymentIntent, now: number): void {
  const payment: Stripe.InvoicePayment = {
    id: `inpay_${pi.id.slice(3)}`,
    object: 'invoice_payment',
    amount_paid: null,
    amount_requested: pi.amount,
    created: now,
    currency: pi.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { payment_intent: pi.id, type: 'payment_intent' },
    status: 'open',
    status_transitions: { canceled_at: null, paid_at: null },
  };
  ctx.store.invoiceOfPaymentIntent.set(pi.id, invoice.id);
  if (invoice.payments) {
    for (const p of invoice.payments.data) p.is_default = false;
    invoice.payments.data.unshift(payment);
  }
  invoice.confirmation_secret = pi.client_secret ? { client_secret: pi.client_secret, type: 'payment_intent' } : null;
}

export function markInvoicePaid(ctx: Ctx, invoice: Stripe.Invoice, pi: Stripe.PaymentIntent | null, now: number): void {
  invoice.status = 'paid';
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.attempted = true;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.paid_at = now;
  const payment = invoice.payments?.data.find((p) => p.payment.payment_intent === pi?.id);
  if (payment) {
    payment.status = 'paid';
    payment.amount_paid = pi?.amount ?? 0;
    payment.status_transitions.paid_at = now;
  }
  ctx.events.emit('invoice.paid', invoice, now);
  ctx.events.emit('invoice.payment_succeeded', invoice, now);
}

export function succeedPaymentIntent(ctx: Ctx, pi: Stripe.PaymentIntent, now: number): void {
  pi.status = 'succeeded';
  pi.amount_received = pi.amount;
  pi.processing = null;
  pi.next_action = null;
  pi.latest_charge = `ch_${pi.id.slice(3)}`;
  ctx.events.emit('payment_intent.succeeded', pi, now);
}

export function failPaymentIntent(ctx: Ctx, invoice: Stripe.Invoice, pi: Stripe.PaymentIntent, decline: Decline, now: number): void {
  const pm = typeof pi.payment_method === 'string' ? ctx.store.paymentMethods.get(pi.payment_method) : undefined;
  pi.status = 'requires_payment_method';
  pi.processing = null;
  pi.last_payment_error = {
    code: decline.code,
    ...(decline.declineCode ? { decline_code: decline.declineCode } : {}),
    message: decline.message,
    type: pm?.type === 'card' || !pm ? 'card_error' : 'invalid_request_error',
    ...(pm ? { payment_method: pm } : {}),
  };
  ctx.events.emit('payment_intent.payment_failed', pi, now);
  invoice.attempted = true;
  ctx.events.emit('invoice.payment_failed', invoice, now);
}

const AUTHENTICATION_REQUIRED: Decline = {
  code: 'authentication_required',
  declineCode: 'authentication_required',
  message: 'Your card was declined. This transaction requires authentication.',
};

/** The bank wants 3-D Secure: the PaymentIntent waits for the customer, as Stripe's does. */
function requireAction(ctx: Ctx, invoice: Stripe.Invoice, pi: Stripe.PaymentIntent, now: number): void {
  pi.status = 'requires_action';
  pi.processing = null;
  pi.last_payment_error = null;
  pi.next_action = { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: `${ctx.publicUrl()}/i/${invoice.id}` } };
  ctx.events.emit('payment_intent.requires_action', pi, now);
  invoice.attempted = true;
  ctx.events.emit('invoice.payment_action_required', invoice, now);
}

/** The invoice's open PaymentIntent, created (with `payment_intent.created`) if there is none. */
export function ensurePaymentIntent(ctx: Ctx, invoice: Stripe.Invoice, pm: Stripe.PaymentMethod | null, now: number): Stripe.PaymentIntent {
  const existingId = invoice.payments?.data[0]?.payment.payment_intent;
  const existing = typeof existingId === 'string' ? ctx.store.paymentIntents.get(existingId) : undefined;
  if (existing && existing.status !== 'succeeded' && existing.status !== 'canceled') {
    if (pm) {
      existing.payment_method = pm.id;
      existing.payment_method_types = [pm.type];
    }
    return existing;
  }
  const intent = buildPaymentIntent(invoice, pm, now);
  ctx.store.paymentIntents.set(intent.id, intent);
  recordPayment(ctx, invoice, intent, now);
  ctx.events.emit('payment_intent.created', intent, now);
  return intent;
}

/**
 * Attempts the invoice's payment with `pm`, emitting the PaymentIntent and invoice events in
 * Stripe's order. Bank debits stay `processing` until the scheduler settles them.
 */
export function chargeInvoice(ctx: Ctx, invoice: Stripe.Invoice, pm: Stripe.PaymentMethod | null, now: number): ChargeResult {
  const intent = ensurePaymentIntent(ctx, invoice, pm, now);
  invoice.attempt_count += 1;
  invoice.attempted = true;
  if (!pm) {
    failPaymentIntent(ctx, invoice, intent, NO_PAYMENT_METHOD, now);
    return { status: 'failed', decline: NO_PAYMENT_METHOD };
  }
  const behaviour: ChargeBehaviour = ctx.store.paymentMethodBehaviour.get(pm.id) ?? { kind: 'succeed' };
  if (behaviour.kind === 'decline') {
    failPaymentIntent(ctx, invoice, intent, behaviour.decline, now);
    return { status: 'failed', decline: behaviour.decline };
  }
  if (behaviour.kind === 'authenticate') {
    requireAction(ctx, invoice, intent, now);
    // For the subscription this attempt has failed: incomplete at creation, past_due on renewal.
    return { status: 'failed', decline: AUTHENTICATION_REQUIRED };
  }
  if (behaviour.kind === 'async') {
    intent.status = 'processing';
    intent.processing = null;
    ctx.events.emit('payment_intent.processing', intent, now);
    const settlesAt = now + behaviour.delaySeconds;
    ctx.store.settlements.push({
      paymentIntentId: intent.id,
      at: settlesAt,
      outcome: behaviour.outcome,
      ...(behaviour.failure ? { failureCode: behaviour.failure.code, failureMessage: behaviour.failure.message } : {}),
    });
    return { status: 'processing', settlesAt };
  }
  intent.last_payment_error = null;
  succeedPaymentIntent(ctx, intent, now);
  markInvoicePaid(ctx, invoice, intent, now);
  return { status: 'succeeded' };
}

export function invoiceOfPaymentIntent(ctx: Ctx, paymentIntentId: string): Stripe.Invoice | undefined {
  const known = ctx.store.invoiceOfPaymentIntent.get(paymentIntentId);
  const invoice = known ? ctx.store.invoices.get(known) : undefined;
  if (invoice) return invoice;
  // A snapshot does not carry the index; its payments say the same thing.
  for (const invoice of ctx.store.invoices.values()) {
    if (invoice.payments?.data.some((p) => p.payment.payment_intent === paymentIntentId)) return invoice;
  }
  return undefined;
}

export { customerIdOf };
