import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { ApiError, invalidRequest, missing, missingParam } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { buildPaymentMethod } from './build-payment-method.js';
import { classify, MAGIC_PAYMENT_METHODS, savedThroughApi, TEST_TOKENS, type Classified, type PaymentInput } from './test-values.js';

/*
 * Saved payment methods: storing, attaching, and Stripe's test ids and tokens. Kept apart from
 * the payment method routes so customers and subscriptions can use them without an import cycle.
 */

export function getPaymentMethod(ctx: Ctx, id: string, param?: string): Stripe.PaymentMethod {
  const pm = ctx.store.paymentMethods.get(id);
  if (!pm) throw param ? missingParam('PaymentMethod', id, param) : missing('PaymentMethod', id);
  return pm;
}

export function storePaymentMethod(ctx: Ctx, pm: Stripe.PaymentMethod, classified: Classified): Stripe.PaymentMethod {
  ctx.store.paymentMethods.set(pm.id, pm);
  ctx.store.paymentMethodBehaviour.set(pm.id, classified.charge);
  return pm;
}

export function attachPaymentMethod(ctx: Ctx, pm: Stripe.PaymentMethod, customerId: string): Stripe.PaymentMethod {
  pm.customer = customerId;
  ctx.events.emit('payment_method.attached', pm, ctx.clock.nowFor(customerId));
  return pm;
}

/** A new card payment method for a test card number, stored but attached to nobody yet. */
function storeTestCard(ctx: Ctx, number: string, id?: string): Stripe.PaymentMethod {
  const input: PaymentInput = { type: 'card', number };
  const now = ctx.clock.emulatorNow();
  const pm = buildPaymentMethod(input, now);
  if (id) pm.id = id;
  return storePaymentMethod(ctx, pm, savedThroughApi(classify(input, new Date(now * 1000))));
}

export function isTestPaymentMethodId(id: string): boolean {
  return MAGIC_PAYMENT_METHODS[id] !== undefined;
}

export function resolveForAttach(ctx: Ctx, id: string, param?: string): Stripe.PaymentMethod {
  const magic = MAGIC_PAYMENT_METHODS[id];
  if (!magic) return getPaymentMethod(ctx, id, param);
  // Test mode makes a new PaymentMethod from the test id each time it is used.
  return storeTestCard(ctx, magic);
}

/** Stripe checks a card when it is saved: one that declines outright cannot be attached. */
export function refuseDecliningCard(ctx: Ctx, pm: Stripe.PaymentMethod, param: string): void {
  const behaviour = ctx.store.paymentMethodBehaviour.get(pm.id);
  // 0341 is the card that attaches and fails later.
  if (pm.card && behaviour?.kind === 'decline' && pm.card.last4 !== '0341' && behaviour.decline.code !== 'authentication_required') {
    throw new ApiError(402, { type: 'card_error', code: behaviour.decline.code, decline_code: behaviour.decline.declineCode, message: behaviour.decline.message, param });
  }
}

/**
 * A payment method id given for a customer (`default_payment_method` of a customer or a
 * subscription, a customer's `payment_method`): a test id such as `pm_card_visa` becomes a new
 * payment method attached to that customer, as in test mode; any other id must exist.
 */
export function paymentMethodForCustomer(ctx: Ctx, id: string, customerId: string, param: string): Stripe.PaymentMethod {
  if (!isTestPaymentMethodId(id)) return getPaymentMethod(ctx, id, param);
  const pm = resolveForAttach(ctx, id, param);
  refuseDecliningCard(ctx, pm, param);
  return attachPaymentMethod(ctx, pm, customerId);
}

/**
 * `source=tok_visa` on a customer: Stripe saves the token's card as a card source (`card_...`),
 * which the PaymentMethods API also serves as a `card` payment method. Stored, not attached yet.
 */
export function cardFromToken(ctx: Ctx, token: string): Stripe.PaymentMethod {
  const number = TEST_TOKENS[token];
  if (!number) throw invalidRequest(`No such token: '${token}'`, 'source', 'resource_missing');
  const pm = storeTestCard(ctx, number, newId('card'));
  refuseDecliningCard(ctx, pm, 'source');
  return pm;
}

