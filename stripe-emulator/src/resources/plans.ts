import Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { invalidRequest, missing, missingParam } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Router } from '../http/router.js';
import { planFromPrice } from '../billing/build-subscription.js';
import { createProduct } from './products.js';

/**
 * The Plans API, which the Stripe CLI's `customer.subscription.updated` and `.deleted` triggers
 * still use: a plan is a recurring price under another name. As on Stripe, creating one makes a
 * price with the same id, so `items[][plan]` and `items[][price]` name the same thing.
 */
function planOf(price: Stripe.Price): Stripe.Plan {
  if (!price.recurring) throw missing('plan', price.id);
  return planFromPrice(price);
}

export function registerPlans(router: Router, ctx: Ctx): void {
  router.post('/v1/plans', ({ params: p }) => {
    const now = ctx.clock.emulatorNow();
    const productParam = p.raw.product;
    let productId: string;
    if (typeof productParam === 'string') {
      if (!ctx.store.products.has(productParam)) throw missingParam('product', productParam, 'product');
      productId = productParam;
    } else {
      const inline = p.object('product');
      if (!inline) throw invalidRequest('Missing required param: product.', 'product', 'parameter_missing');
      productId = createProduct(ctx, inline).id;
    }
    const id = p.string('id') || newId('plan');
    if (ctx.store.prices.has(id)) throw invalidRequest('Plan already exists.', 'id', 'resource_already_exists');
    const amount = p.int('amount');
    const decimal = p.string('amount_decimal');
    if (amount === undefined && !decimal) throw invalidRequest('Missing required param: amount.', 'amount', 'parameter_missing');
    const unitAmount = amount ?? Math.round(Number(decimal));
    const interval = p.enumOf('interval', ['day', 'week', 'month', 'year'] as const);
    if (!interval) throw invalidRequest('Missing required param: interval.', 'interval', 'parameter_missing');
    const price: Stripe.Price = {
      id,
      object: 'price',
      active: p.bool('active') ?? true,
      billing_scheme: 'per_unit',
      created: now,
      currency: p.requiredString('currency').toLowerCase(),
      custom_unit_amount: null,
      livemode: false,
      lookup_key: null,
      metadata: p.metadata(),
      nickname: p.string('nickname') || null,
      product: productId,
      recurring: { interval, interval_count: p.int('interval_count') ?? 1, meter: null, trial_period_days: p.int('trial_period_days') ?? null, usage_type: 'licensed' },
      tax_behavior: 'unspecified',
      tiers_mode: null,
      transform_quantity: null,
      type: 'recurring',
      unit_amount: unitAmount,
      unit_amount_decimal: Stripe.Decimal.from(decimal ?? String(unitAmount)),
    };
    ctx.store.prices.set(price.id, price);
    const plan = planOf(price);
    ctx.events.emit('plan.created', plan, now);
    ctx.events.emit('price.created', price, now);
    return plan;
  });

  router.get('/v1/plans/:id', ({ pathParams }) => {
    const price = ctx.store.prices.get(pathParams.id ?? '');
    if (!price) throw missing('plan', pathParams.id ?? '');
    return planOf(price);
  });
}
