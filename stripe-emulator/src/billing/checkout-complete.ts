import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { createCustomer, updateCustomer } from '../resources/customers.js';
import { attachPaymentMethod, buildPaymentMethod, storePaymentMethod } from '../resources/payment-methods.js';
import { Params } from '../http/params.js';
import { createSubscription } from './subscriptions.js';
import { classify, type Classified, type PaymentInput } from './test-values.js';

export type CheckoutPayment = PaymentInput | { type: 'none' };

export interface CheckoutOutcome {
  status: 'complete' | 'processing' | 'requires_action' | 'failed';
  redirectUrl?: string;
  error?: string;
  actionUrl?: string;
}

function fail(ctx: Ctx, sessionId: string, error: string): CheckoutOutcome {
  const state = ctx.store.checkoutState.get(sessionId);
  if (state) state.lastError = error;
  return { status: 'failed', error };
}

function redirectFor(session: Stripe.Checkout.Session): string | undefined {
  const target = session.success_url ?? session.return_url ?? undefined;
  return target?.replaceAll('{CHECKOUT_SESSION_ID}', session.id);
}

function emailOf(payment: CheckoutPayment): string | undefined {
  if (payment.type === 'klarna') return payment.email;
  if (payment.type === 'sepa_debit' || payment.type === 'au_becs_debit') return payment.email;
  return undefined;
}

/**
 * What the hosted page does on submit. Declines leave the session open with nothing created,
 * as on Stripe; 3-D Secure cards stop at the challenge page until approved or failed.
 */
export function completeCheckout(ctx: Ctx, sessionId: string, payment: CheckoutPayment, opts: { challengePassed?: boolean } = {}): CheckoutOutcome {
  const session = ctx.store.checkoutSessions.get(sessionId);
  const state = ctx.store.checkoutState.get(sessionId);
  if (!session || !state) return { status: 'failed', error: `No such checkout session: ${sessionId}` };
  if (session.status === 'complete') return { status: 'complete', ...(redirectFor(session) ? { redirectUrl: redirectFor(session) } : {}) };
  if (session.status !== 'open') return fail(ctx, sessionId, 'This Checkout Session is no longer active.');
  const customerId = typeof session.customer === 'string' ? session.customer : null;
  const now = ctx.clock.nowFor(customerId);
  const trial = state.trialEnd !== null;
  const paymentOptional = trial && session.payment_method_collection === 'if_required';
  if (payment.type === 'none' && !paymentOptional) return fail(ctx, sessionId, 'A payment method is required.');
  if (payment.type !== 'none' && !session.payment_method_types.includes(payment.type)) {
    return fail(ctx, sessionId, `This Checkout Session does not accept ${payment.type}.`);
  }
  const classified = payment.type === 'none' ? null : classify(payment, new Date(now * 1000));
  if (classified?.rejectNow) return fail(ctx, sessionId, classified.rejectNow.message);
  if (classified?.requiresAction && !opts.challengePassed && payment.type !== 'none') {
    state.challenge = payment;
    return { status: 'requires_action', actionUrl: `${ctx.publicUrl()}/c/3ds/${sessionId}` };
  }
  // Without a trial the first charge happens now, so a card that declines charges fails here.
  if (!trial && classified?.charge.kind === 'decline') return fail(ctx, sessionId, classified.charge.decline.message);
  delete state.challenge;
  delete state.lastError;

  const email = session.customer_email ?? emailOf(payment) ?? null;
  const customer = customerId
    ? ctx.store.customers.get(customerId)
    : createCustomer(ctx, new Params(email ? { email } : {}));
  if (!customer) return fail(ctx, sessionId, 'The customer no longer exists.');
  let pm: Stripe.PaymentMethod | null = null;
  if (payment.type !== 'none' && classified) {
    // The challenge just passed authenticates this first payment, even for a card that asks again on every later one.
    const firstCharge: Classified = classified.charge.kind === 'authenticate' ? { ...classified, charge: { kind: 'succeed' } } : classified;
    pm = storePaymentMethod(ctx, buildPaymentMethod(payment, now), firstCharge);
    attachPaymentMethod(ctx, pm, customer.id);
    if (!customer.invoice_settings.default_payment_method) {
      updateCustomer(ctx, customer, { invoice_settings: { ...customer.invoice_settings, default_payment_method: pm.id } });
    }
  }
  const lineItems = state.lineItems.flatMap((li) => (li.price ? [{ price: li.price, quantity: li.quantity ?? 1 }] : []));
  const { subscription, invoice, charge } = createSubscription(ctx, {
    customer,
    items: lineItems,
    trialEnd: state.trialEnd,
    trialSettings: state.trialSettings,
    paymentMethod: pm,
    metadata: state.subscriptionMetadata,
    description: state.subscriptionDescription,
    paymentBehavior: 'charge',
  });
  if (pm && classified) ctx.store.paymentMethodBehaviour.set(pm.id, classified.charge);
  session.status = 'complete';
  session.url = null;
  session.customer = customer.id;
  session.subscription = subscription.id;
  session.invoice = invoice.id;
  session.customer_details = {
    address: null,
    business_name: null,
    email: customer.email ?? email,
    individual_name: null,
    name: pm?.billing_details.name ?? customer.name ?? null,
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  };
  session.payment_status = charge === null ? (invoice.amount_due === 0 ? 'no_payment_required' : 'unpaid') : charge.status === 'succeeded' ? 'paid' : 'unpaid';
  if (trial) session.payment_status = 'no_payment_required';
  ctx.events.emit('checkout.session.completed', session, now);
  const redirectUrl = redirectFor(session);
  return { status: charge?.status === 'processing' ? 'processing' : 'complete', ...(redirectUrl ? { redirectUrl } : {}) };
}

export function failChallenge(ctx: Ctx, sessionId: string): CheckoutOutcome {
  const state = ctx.store.checkoutState.get(sessionId);
  if (state) delete state.challenge;
  return fail(ctx, sessionId, 'We are unable to authenticate your payment method. Please choose a different payment method and try again.');
}

export function approveChallenge(ctx: Ctx, sessionId: string): CheckoutOutcome {
  const payment = ctx.store.checkoutState.get(sessionId)?.challenge;
  if (!payment) return { status: 'failed', error: 'There is no payment waiting for authentication.' };
  return completeCheckout(ctx, sessionId, payment, { challengePassed: true });
}
