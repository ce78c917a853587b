import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { ApiError, invalidRequest, missing, missingParam } from '../core/errors.js';
import { paginate, paginateStore, rangeFilter } from '../http/list.js';
import type { Router } from '../http/router.js';
import { emitIfChanged, entitlementFingerprint } from '../billing/entitlements.js';
import { voidInvoice } from '../billing/invoicing.js';
import { chargeInvoice, customerIdOf, invoiceOfPaymentIntent } from '../billing/payments.js';
import { previewPlanChange } from '../billing/plan-preview.js';
import { paymentMethodFor, paymentMethodOfCustomer } from '../billing/subscription-events.js';
import { applyPaymentOutcome } from '../billing/subscriptions.js';
import { getCustomer } from './customers.js';
import { attachPaymentMethod, getPaymentMethod } from './payment-methods.js';
import { itemUpdates } from './subscription-params.js';
import { getSubscription } from './subscriptions.js';

export function getInvoice(ctx: Ctx, id: string): Stripe.Invoice {
  const invoice = ctx.store.invoices.get(id);
  if (!invoice) throw missing('invoice', id);
  return invoice;
}

export function subscriptionOfInvoice(ctx: Ctx, invoice: Stripe.Invoice): Stripe.Subscription | undefined {
  const id = invoice.parent?.subscription_details?.subscription;
  return typeof id === 'string' ? ctx.store.subscriptions.get(id) : undefined;
}

/** `invoices.pay` and the hosted invoice page's Pay button share this. */
export function payInvoice(ctx: Ctx, invoice: Stripe.Invoice, pm: Stripe.PaymentMethod | null): Stripe.Invoice {
  if (invoice.status === 'paid') throw invalidRequest('Invoice is already paid.', undefined, 'invoice_already_paid');
  if (invoice.status !== 'open') throw invalidRequest(`You can only pay an open invoice. This invoice is ${invoice.status}.`, undefined, 'invoice_not_editable');
  const sub = subscriptionOfInvoice(ctx, invoice);
  const customerId = customerIdOf(invoice) ?? '';
  const now = ctx.clock.nowFor(customerId);
  const before = entitlementFingerprint(ctx, customerId);
  // A one-off invoice is charged to its own default payment method, else the customer's.
  const ownDefault = typeof invoice.default_payment_method === 'string' ? (ctx.store.paymentMethods.get(invoice.default_payment_method) ?? null) : null;
  const method = pm ?? (sub ? paymentMethodFor(ctx, sub) : (ownDefault ?? paymentMethodOfCustomer(ctx, ctx.store.customers.get(customerId))));
  const result = chargeInvoice(ctx, invoice, method, now);
  if (sub) applyPaymentOutcome(ctx, sub, invoice, result, now);
  emitIfChanged(ctx, customerId, before);
  if (result.status === 'failed') {
    throw new ApiError(402, { type: 'card_error', code: result.decline.code, decline_code: result.decline.declineCode, message: result.decline.message });
  }
  return invoice;
}

export function registerInvoices(router: Router, ctx: Ctx): void {
  router.get('/v1/invoices/:id', ({ pathParams }) => getInvoice(ctx, pathParams.id ?? ''));

  router.get('/v1/invoices/:id/lines', ({ pathParams, params: p, path }) => paginate(getInvoice(ctx, pathParams.id ?? '').lines.data, p, path));

  router.get('/v1/invoices', ({ params: p, path }) => {
    const customer = p.string('customer');
    const subscription = p.string('subscription');
    const status = p.string('status');
    const created = rangeFilter(p, 'created');
    const keep = (i: Stripe.Invoice): boolean =>
      (!customer || i.customer === customer) &&
      (!subscription || i.parent?.subscription_details?.subscription === subscription) &&
      (!status || i.status === status) &&
      created(i.created);
    const within = subscription ? { group: 'subscription', key: subscription } : customer ? { group: 'customer', key: customer } : undefined;
    return paginateStore(ctx.store.invoices, keep, p, path, within);
  });

  router.post('/v1/invoices/:id/pay', ({ pathParams, params: p }) => {
    const invoice = getInvoice(ctx, pathParams.id ?? '');
    const pmId = p.string('payment_method');
    return payInvoice(ctx, invoice, pmId ? getPaymentMethod(ctx, pmId, 'payment_method') : null);
  });

  router.post('/v1/invoices/:id/void', ({ pathParams }) => {
    const invoice = getInvoice(ctx, pathParams.id ?? '');
    if (invoice.status !== 'open') throw invalidRequest('You can only void an open invoice.');
    voidInvoice(ctx, invoice, ctx.clock.nowFor(customerIdOf(invoice)));
    return invoice;
  });

  router.post('/v1/invoices/create_preview', ({ params: p }) => {
    const subId = p.string('subscription');
    const customerId = p.string('customer');
    if (!subId) throw invalidRequest('The emulator previews subscription invoices only; pass `subscription`.', 'subscription');
    const sub = getSubscription(ctx, subId, 'subscription');
    if (customerId) {
      getCustomer(ctx, customerId, 'customer');
      if (sub.customer !== customerId) throw missingParam('subscription', subId, 'subscription');
    }
    const details = p.object('subscription_details');
    const now = ctx.clock.nowFor(typeof sub.customer === 'string' ? sub.customer : sub.customer.id);
    const items = details?.objects('items') ?? [];
    const behavior = details?.enumOf('proration_behavior', ['create_prorations', 'always_invoice', 'none'] as const);
    const opts = items.length > 0 || behavior
      ? { updates: itemUpdates(items), behavior: behavior ?? 'create_prorations', prorationDate: details?.int('proration_date') ?? now }
      : null;
    return previewPlanChange(ctx, sub, opts, now);
  });

  router.get('/v1/payment_intents/:id', ({ pathParams }) => {
    const pi = ctx.store.paymentIntents.get(pathParams.id ?? '');
    if (!pi) throw missing('payment_intent', pathParams.id ?? '');
    return pi;
  });

  /** For `default_incomplete` subscriptions paid client-side: confirming pays the invoice. */
  router.post('/v1/payment_intents/:id/confirm', ({ pathParams, params: p }) => {
    const pi = ctx.store.paymentIntents.get(pathParams.id ?? '');
    if (!pi) throw missing('payment_intent', pathParams.id ?? '');
    const invoice = invoiceOfPaymentIntent(ctx, pi.id);
    if (!invoice) throw invalidRequest('The emulator only confirms PaymentIntents that belong to invoices.');
    const pmId = p.string('payment_method') ?? (typeof pi.payment_method === 'string' ? pi.payment_method : undefined);
    const pm = pmId ? getPaymentMethod(ctx, pmId, 'payment_method') : null;
    if (pm && !pm.customer && typeof invoice.customer === 'string') attachPaymentMethod(ctx, pm, invoice.customer);
    try {
      payInvoice(ctx, invoice, pm);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 402) throw err;
    }
    return ctx.store.paymentIntents.get(pi.id) ?? pi;
  });

  router.get('/v1/payment_intents', ({ params: p, path }) => {
    const customer = p.string('customer');
    return paginateStore(ctx.store.paymentIntents, () => true, p, path, customer ? { group: 'customer', key: customer } : undefined);
  });
}
