import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { invalidRequest, missing, missingParam } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { matchesRange, newestFirst, paginate } from '../http/list.js';
import type { Router } from '../http/router.js';

const REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;

export function getRefund(ctx: Ctx, id: string): Stripe.Refund {
  const refund = ctx.store.refunds.get(id);
  if (!refund) throw missing('refund', id);
  return refund;
}

/** What has been given back of a payment so far; failed and canceled refunds gave nothing back. */
export function amountRefunded(ctx: Ctx, paymentIntentId: string): number {
  let total = 0;
  for (const refund of ctx.store.refunds.values()) {
    if (refund.payment_intent === paymentIntentId && (refund.status === 'succeeded' || refund.status === 'pending')) total += refund.amount;
  }
  return total;
}

function money(amount: number, currency: string): string {
  const major = (amount / 100).toFixed(2);
  return currency === 'usd' ? `$${major}` : `${major} ${currency.toUpperCase()}`;
}

/**
 * The payment a refund is for. The emulator has no Charge objects: a PaymentIntent's
 * `latest_charge` is an id only, so `charge` is accepted as another name for its PaymentIntent.
 */
function paymentToRefund(ctx: Ctx, paymentIntentId: string | undefined, chargeId: string | undefined): Stripe.PaymentIntent {
  if (!paymentIntentId && !chargeId) {
    throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.', undefined, 'parameter_missing');
  }
  if (paymentIntentId) {
    const pi = ctx.store.paymentIntents.get(paymentIntentId);
    if (!pi) throw missingParam('payment_intent', paymentIntentId, 'payment_intent');
    if (chargeId && pi.latest_charge !== chargeId) {
      throw invalidRequest(`The charge ${chargeId} does not belong to the PaymentIntent ${paymentIntentId}.`, 'charge');
    }
    return pi;
  }
  const id = chargeId ?? '';
  const pi = [...ctx.store.paymentIntents.values()].find((p) => p.latest_charge === id);
  if (!pi) throw missingParam('charge', id, 'charge');
  return pi;
}

function destinationDetails(pm: Stripe.PaymentMethod | undefined): Stripe.Refund.DestinationDetails | undefined {
  if (pm?.type === 'card') return { type: 'card', card: { type: 'refund' } };
  if (pm?.type === 'klarna') return { type: 'klarna', klarna: { reference: null, reference_status: null } };
  return undefined;
}

export function registerRefunds(router: Router, ctx: Ctx): void {
  router.post('/v1/refunds', ({ params: p }) => {
    const pi = paymentToRefund(ctx, p.string('payment_intent') || undefined, p.string('charge') || undefined);
    const chargeId = typeof pi.latest_charge === 'string' ? pi.latest_charge : (pi.latest_charge?.id ?? null);
    if (pi.status !== 'succeeded' || !chargeId) {
      throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, 'payment_intent');
    }
    const remaining = pi.amount_received - amountRefunded(ctx, pi.id);
    if (remaining <= 0) throw invalidRequest(`Charge ${chargeId} has already been refunded.`, undefined, 'charge_already_refunded');
    const requested = p.int('amount');
    if (requested !== undefined && requested <= 0) throw invalidRequest('Invalid positive integer', 'amount');
    if (requested !== undefined && requested > remaining) {
      throw invalidRequest(
        `Refund amount (${money(requested, pi.currency)}) is greater than unrefunded amount on charge (${money(remaining, pi.currency)})`,
        'amount',
        'amount_too_large',
      );
    }
    const customer = typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? null);
    const pmId = typeof pi.payment_method === 'string' ? pi.payment_method : (pi.payment_method?.id ?? null);
    const details = destinationDetails(pmId ? ctx.store.paymentMethods.get(pmId) : undefined);
    const now = ctx.clock.nowFor(customer);
    const refund: Stripe.Refund = {
      id: newId('re'),
      object: 'refund',
      amount: requested ?? remaining,
      balance_transaction: null,
      charge: chargeId,
      created: now,
      currency: pi.currency,
      customer,
      customer_account: null,
      ...(details ? { destination_details: details } : {}),
      metadata: p.metadata(),
      payment_intent: pi.id,
      payment_method: pmId,
      reason: p.enumOf('reason', REASONS) ?? null,
      receipt_number: null,
      source_transfer_reversal: null,
      // Card and wallet refunds succeed at once in test mode; bank debits would be pending for days.
      status: 'succeeded',
      transfer_reversal: null,
    };
    ctx.store.refunds.set(refund.id, refund);
    ctx.events.emit('refund.created', refund, now);
    return refund;
  });

  router.get('/v1/refunds/:id', ({ pathParams }) => getRefund(ctx, pathParams.id ?? ''));

  router.post('/v1/refunds/:id', ({ pathParams, params: p }) => {
    const refund = getRefund(ctx, pathParams.id ?? '');
    if (p.has('metadata')) {
      const previous = { metadata: refund.metadata };
      refund.metadata = p.metadata(refund.metadata ?? {});
      ctx.events.emit('refund.updated', refund, ctx.clock.nowFor(typeof refund.customer === 'string' ? refund.customer : null), previous);
    }
    return refund;
  });

  router.get('/v1/refunds', ({ params: p, path }) => {
    const paymentIntent = p.string('payment_intent');
    const charge = p.string('charge');
    const items = newestFirst(ctx.store.refunds).filter(
      (r) => (!paymentIntent || r.payment_intent === paymentIntent) && (!charge || r.charge === charge) && matchesRange(r.created, p, 'created'),
    );
    return paginate(items, p, path);
  });
}
