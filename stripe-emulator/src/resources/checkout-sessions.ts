import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { invalidRequest, missing } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { newestFirst, paginate } from '../http/list.js';
import type { Router } from '../http/router.js';
import { buildCheckoutSession } from '../billing/build-checkout-session.js';
import { getCustomer } from './customers.js';
import { getPrice } from './prices.js';
import { trialSettings } from './subscription-params.js';

const SUPPORTED_METHODS = ['card', 'sepa_debit', 'au_becs_debit', 'klarna'];

export function getSession(ctx: Ctx, id: string): Stripe.Checkout.Session {
  const session = ctx.store.checkoutSessions.get(id);
  if (!session) throw missing('checkout.session', id);
  return session;
}

export function checkoutPageUrl(ctx: Ctx, id: string): string {
  return `${ctx.publicUrl()}/c/pay/${id}`;
}

export function expireSession(ctx: Ctx, session: Stripe.Checkout.Session, now: number): void {
  session.status = 'expired';
  session.url = null;
  ctx.events.emit('checkout.session.expired', session, now);
}

function lineItemsList(ctx: Ctx, id: string): Stripe.ApiList<Stripe.LineItem> {
  return { object: 'list', data: ctx.store.checkoutState.get(id)?.lineItems ?? [], has_more: false, url: `/v1/checkout/sessions/${id}/line_items` };
}

export function registerCheckoutSessions(router: Router, ctx: Ctx): void {
  router.post('/v1/checkout/sessions', ({ params: p }) => {
    const mode = p.requiredString('mode');
    if (mode !== 'subscription') throw invalidRequest(`The emulator supports mode=subscription only, not '${mode}'.`, 'mode');
    const customerId = p.string('customer') || null;
    const customer = customerId ? getCustomer(ctx, customerId, 'customer') : null;
    const uiMode = p.enumOf('ui_mode', ['hosted_page', 'embedded_page', 'elements', 'hosted', 'embedded', 'custom'] as const) ?? 'hosted_page';
    const normalizedUi: Stripe.Checkout.Session.UiMode = uiMode === 'hosted' ? 'hosted_page' : uiMode === 'embedded' ? 'embedded_page' : uiMode === 'custom' ? 'elements' : uiMode;
    const successUrl = p.string('success_url') || null;
    const returnUrl = p.string('return_url') || null;
    if (normalizedUi === 'hosted_page' && !successUrl) throw invalidRequest('Missing required param: success_url.', 'success_url', 'parameter_missing');
    if (normalizedUi !== 'hosted_page' && successUrl) throw invalidRequest(`success_url cannot be used with ui_mode=${normalizedUi}; use return_url.`, 'success_url');
    const items = p.objects('line_items');
    if (items.length === 0) throw invalidRequest('Missing required param: line_items.', 'line_items', 'parameter_missing');
    const lineItems: Stripe.LineItem[] = items.map((item, i) => {
      const price = getPrice(ctx, item.requiredString('price'), `line_items[${i}][price]`);
      if (!price.recurring) throw invalidRequest('You must provide at least one recurring price in `subscription` mode when using prices.', `line_items[${i}][price]`);
      if (!price.active) throw invalidRequest(`The price specified is inactive. This field only accepts active prices.`, `line_items[${i}][price]`);
      const quantity = item.int('quantity') ?? 1;
      const amount = (price.unit_amount ?? 0) * quantity;
      const productId = typeof price.product === 'string' ? price.product : price.product.id;
      return {
        id: newId('li'),
        object: 'item',
        adjustable_quantity: null,
        amount_discount: 0,
        amount_subtotal: amount,
        amount_tax: 0,
        amount_total: amount,
        currency: price.currency,
        description: ctx.store.products.get(productId)?.name ?? null,
        metadata: {},
        price,
        quantity,
      };
    });
    const currency = lineItems[0]?.currency ?? 'usd';
    const now = ctx.clock.nowFor(customer?.id);
    const subData = p.object('subscription_data');
    const trialDays = subData?.int('trial_period_days');
    const trialEnd = subData?.int('trial_end') ?? (trialDays ? now + trialDays * 86_400 : null);
    const pmTypes = p.strings('payment_method_types') ?? ['card', 'sepa_debit', 'au_becs_debit', 'klarna'];
    for (const t of pmTypes) if (!SUPPORTED_METHODS.includes(t)) throw invalidRequest(`The emulator does not support payment method type ${t}.`, 'payment_method_types');
    const id = newId('cs');
    const total = lineItems.reduce((s, l) => s + l.amount_total, 0);
    const session = buildCheckoutSession({
      id,
      created: now,
      customer: customer?.id ?? null,
      customerEmail: p.string('customer_email') || customer?.email || null,
      clientReferenceId: p.string('client_reference_id') || null,
      locale: p.string('locale') || null,
      currency,
      amountSubtotal: trialEnd ? 0 : total,
      amountTotal: trialEnd ? 0 : total,
      metadata: p.metadata(),
      allowPromotionCodes: p.bool('allow_promotion_codes') ?? null,
      paymentMethodCollection: p.enumOf('payment_method_collection', ['always', 'if_required'] as const) ?? 'always',
      paymentMethodTypes: pmTypes,
      successUrl,
      cancelUrl: p.string('cancel_url') || null,
      returnUrl,
      uiMode: normalizedUi,
      url: normalizedUi === 'hosted_page' ? checkoutPageUrl(ctx, id) : null,
      clientSecret: normalizedUi === 'hosted_page' ? null : `${id}_secret_${newId('x').slice(2)}`,
      expiresAt: p.int('expires_at') ?? now + 24 * 3600,
    });
    ctx.store.checkoutSessions.set(id, session);
    ctx.store.checkoutState.set(id, {
      lineItems,
      trialEnd,
      trialSettings: trialSettings(subData?.object('trial_settings')),
      subscriptionMetadata: subData?.metadata() ?? {},
      subscriptionDescription: subData?.string('description') || null,
    });
    return session;
  });

  router.get('/v1/checkout/sessions/:id', ({ pathParams, params: p }) => {
    const session = getSession(ctx, pathParams.id ?? '');
    // `line_items` is includable only: present when expanded, absent otherwise.
    return p.expand().includes('line_items') ? { ...session, line_items: lineItemsList(ctx, session.id) } : session;
  });

  router.get('/v1/checkout/sessions/:id/line_items', ({ pathParams, params: p, path }) => {
    const session = getSession(ctx, pathParams.id ?? '');
    return paginate(lineItemsList(ctx, session.id).data, p, path);
  });

  router.post('/v1/checkout/sessions/:id/expire', ({ pathParams }) => {
    const session = getSession(ctx, pathParams.id ?? '');
    if (session.status !== 'open') throw invalidRequest(`Only Checkout Sessions with a status of open can be expired. This session has a status of ${session.status}.`);
    expireSession(ctx, session, ctx.clock.nowFor(typeof session.customer === 'string' ? session.customer : null));
    return session;
  });

  router.post('/v1/checkout/sessions/:id', ({ pathParams, params: p }) => {
    const session = getSession(ctx, pathParams.id ?? '');
    if (p.has('metadata')) session.metadata = p.metadata(session.metadata ?? {});
    return session;
  });

  router.get('/v1/checkout/sessions', ({ params: p, path }) => {
    const customer = p.string('customer');
    const subscription = p.string('subscription');
    const status = p.string('status');
    const items = newestFirst(ctx.store.checkoutSessions).filter(
      (s) => (!customer || s.customer === customer) && (!subscription || s.subscription === subscription) && (!status || s.status === status),
    );
    return paginate(items, p, path);
  });
}
