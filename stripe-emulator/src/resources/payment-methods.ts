import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { ApiError, invalidRequest } from '../core/errors.js';
import { newestFirst, paginate } from '../http/list.js';
import type { Params } from '../http/params.js';
import type { Router } from '../http/router.js';
import { billingDetails, buildPaymentMethod } from '../billing/build-payment-method.js';
import { classify, savedThroughApi, TEST_TOKENS, type PaymentInput } from '../billing/test-values.js';
import { attachPaymentMethod, getPaymentMethod, refuseDecliningCard, resolveForAttach, storePaymentMethod } from '../billing/saved-payment-methods.js';

export { buildPaymentMethod };
export { attachPaymentMethod, getPaymentMethod, storePaymentMethod } from '../billing/saved-payment-methods.js';
import { getCustomer, updateCustomer } from './customers.js';

/** Creates a payment method from API params, a test token or a magic `pm_card_*` id. */
function paymentMethodFromParams(ctx: Ctx, p: Params): Stripe.PaymentMethod {
  const type = p.requiredString('type');
  const now = ctx.clock.emulatorNow();
  const billing = p.object('billing_details');
  let input: PaymentInput;
  if (type === 'card') {
    const card = p.object('card');
    const token = card?.string('token');
    const number = token ? TEST_TOKENS[token] : card?.string('number');
    if (!number) throw invalidRequest(token ? `No such token: '${token}'` : 'Missing required param: card[number].', 'card', token ? 'resource_missing' : 'parameter_missing');
    input = { type: 'card', number, expMonth: card?.int('exp_month'), expYear: card?.int('exp_year'), cvc: card?.string('cvc') };
  } else if (type === 'sepa_debit') {
    input = { type, iban: p.object('sepa_debit')?.requiredString('iban') ?? '', name: billing?.string('name'), email: billing?.string('email') };
  } else if (type === 'au_becs_debit') {
    const becs = p.object('au_becs_debit');
    input = { type, bsbNumber: becs?.requiredString('bsb_number') ?? '', accountNumber: becs?.requiredString('account_number') ?? '', name: billing?.string('name'), email: billing?.string('email') };
  } else if (type === 'klarna') {
    input = { type, email: billing?.string('email') ?? 'customer@email.us' };
  } else {
    throw invalidRequest(`The emulator does not support payment method type '${type}'.`, 'type');
  }
  let classified = classify(input, new Date(now * 1000));
  if (classified.rejectNow && ['incorrect_number', 'invalid_expiry_month', 'invalid_expiry_year', 'invalid_cvc', 'invalid_bank_account_iban', 'invalid_bank_account'].includes(classified.rejectNow.code)) {
    throw new ApiError(402, { type: 'card_error', code: classified.rejectNow.code, message: classified.rejectNow.message, param: type });
  }
  const pm = buildPaymentMethod(input, now);
  classified = savedThroughApi(classified);
  if (billing) pm.billing_details = billingDetails(billing.string('name'), billing.string('email') ?? pm.billing_details.email ?? undefined);
  pm.metadata = p.metadata();
  return storePaymentMethod(ctx, pm, classified);
}

export function registerPaymentMethods(router: Router, ctx: Ctx): void {
  router.post('/v1/payment_methods', ({ params }) => paymentMethodFromParams(ctx, params));

  router.get('/v1/payment_methods/:id', ({ pathParams }) => getPaymentMethod(ctx, pathParams.id ?? ''));

  router.post('/v1/payment_methods/:id', ({ pathParams, params: p }) => {
    const pm = getPaymentMethod(ctx, pathParams.id ?? '');
    const previous: Partial<Stripe.PaymentMethod> = {};
    if (p.has('metadata')) {
      previous.metadata = pm.metadata;
      pm.metadata = p.metadata(pm.metadata ?? {});
    }
    const card = p.object('card');
    if (card && pm.card) {
      previous.card = { ...pm.card };
      pm.card.exp_month = card.int('exp_month') ?? pm.card.exp_month;
      pm.card.exp_year = card.int('exp_year') ?? pm.card.exp_year;
    }
    ctx.events.emit('payment_method.updated', pm, ctx.clock.nowFor(typeof pm.customer === 'string' ? pm.customer : null), previous);
    return pm;
  });

  router.post('/v1/payment_methods/:id/attach', ({ pathParams, params: p }) => {
    const customer = getCustomer(ctx, p.requiredString('customer'), 'customer');
    const pm = resolveForAttach(ctx, pathParams.id ?? '');
    if (pm.customer && pm.customer !== customer.id) {
      throw invalidRequest('The payment method you provided has already been attached to a customer.', 'payment_method');
    }
    if (pm.customer === customer.id) return pm;
    refuseDecliningCard(ctx, pm, '');
    return attachPaymentMethod(ctx, pm, customer.id);
  });

  router.post('/v1/payment_methods/:id/detach', ({ pathParams }) => {
    const pm = getPaymentMethod(ctx, pathParams.id ?? '');
    const customerId = typeof pm.customer === 'string' ? pm.customer : null;
    if (!customerId) throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.');
    pm.customer = null;
    const customer = ctx.store.customers.get(customerId);
    if (customer && customer.invoice_settings.default_payment_method === pm.id) {
      updateCustomer(ctx, customer, { invoice_settings: { ...customer.invoice_settings, default_payment_method: null } });
    }
    ctx.events.emit('payment_method.detached', pm, ctx.clock.nowFor(customerId));
    return pm;
  });

  router.get('/v1/payment_methods', ({ params: p, path }) => {
    const customer = p.string('customer');
    const type = p.string('type');
    const items = newestFirst(ctx.store.paymentMethods).filter((pm) => (!customer || pm.customer === customer) && (!type || pm.type === type) && pm.customer !== null);
    return paginate(items, p, path);
  });

  router.get('/v1/customers/:id/payment_methods', ({ pathParams, params: p, path }) => {
    const customer = getCustomer(ctx, pathParams.id ?? '');
    const type = p.string('type');
    const items = newestFirst(ctx.store.paymentMethods).filter((pm) => pm.customer === customer.id && (!type || pm.type === type));
    return paginate(items, p, path);
  });
}
