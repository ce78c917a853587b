import Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { invalidRequest, missing, missingParam } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { newestFirst, paginate } from '../http/list.js';
import type { Params } from '../http/params.js';
import type { Router } from '../http/router.js';
import { insertProduct } from './product-records.js';

export function getPrice(ctx: Ctx, id: string, param?: string): Stripe.Price {
  const price = ctx.store.prices.get(id);
  if (!price) throw param ? missingParam('price', id, param) : missing('price', id);
  return price;
}

function takeLookupKey(ctx: Ctx, key: string, transfer: boolean, now: number): void {
  for (const other of ctx.store.prices.values()) {
    if (other.lookup_key !== key) continue;
    if (!transfer) {
      throw invalidRequest(`A price (\`${other.id}\`) already uses that lookup key.`, 'lookup_key');
    }
    const previous: Partial<Stripe.Price> = { lookup_key: key };
    other.lookup_key = null;
    ctx.events.emit('price.updated', other, now, previous);
  }
}

export function createPrice(ctx: Ctx, p: Params, productId?: string): Stripe.Price {
  const now = ctx.clock.emulatorNow();
  const productData = productId === undefined ? p.object('product_data') : undefined;
  const product = productId ?? (productData ? insertProduct(ctx, productData).id : p.requiredString('product'));
  if (!ctx.store.products.has(product)) throw missingParam('product', product, 'product');
  const currency = p.requiredString('currency').toLowerCase();
  const unitAmount = p.int('unit_amount') ?? null;
  const decimal = p.string('unit_amount_decimal');
  if (unitAmount === null && !decimal) throw invalidRequest('Missing required param: unit_amount.', 'unit_amount', 'parameter_missing');
  const recurringParams = p.object('recurring');
  const recurring: Stripe.Price.Recurring | null = recurringParams
    ? {
        interval: recurringParams.enumOf('interval', ['day', 'week', 'month', 'year'] as const) ?? 'month',
        interval_count: recurringParams.int('interval_count') ?? 1,
        meter: null,
        trial_period_days: recurringParams.int('trial_period_days') ?? null,
        usage_type: 'licensed',
      }
    : null;
  const lookupKey = p.string('lookup_key') || null;
  if (lookupKey) takeLookupKey(ctx, lookupKey, p.bool('transfer_lookup_key') ?? false, now);
  const amount = unitAmount ?? Math.round(Number(decimal));
  const price: Stripe.Price = {
    id: newId('price'),
    object: 'price',
    active: p.bool('active') ?? true,
    billing_scheme: 'per_unit',
    created: now,
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: lookupKey,
    metadata: p.metadata(),
    nickname: p.string('nickname') || null,
    product,
    recurring,
    tax_behavior: p.enumOf('tax_behavior', ['exclusive', 'inclusive', 'unspecified'] as const) ?? 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: amount,
    unit_amount_decimal: Stripe.Decimal.from(decimal ?? String(amount)),
  };
  ctx.store.prices.set(price.id, price);
  ctx.events.emit('price.created', price, now);
  return price;
}

export function registerPrices(router: Router, ctx: Ctx): void {
  router.post('/v1/prices', ({ params }) => createPrice(ctx, params));

  router.get('/v1/prices/:id', ({ pathParams }) => getPrice(ctx, pathParams.id ?? ''));

  router.post('/v1/prices/:id', ({ pathParams, params: p }) => {
    const price = getPrice(ctx, pathParams.id ?? '');
    const now = ctx.clock.emulatorNow();
    const previous: Partial<Stripe.Price> = {};
    if (p.has('active')) {
      previous.active = price.active;
      price.active = p.bool('active') ?? price.active;
    }
    if (p.has('nickname')) {
      previous.nickname = price.nickname;
      price.nickname = p.string('nickname') || null;
    }
    if (p.has('metadata')) {
      previous.metadata = price.metadata;
      price.metadata = p.metadata(price.metadata);
    }
    if (p.has('lookup_key')) {
      const key = p.string('lookup_key') || null;
      if (key && key !== price.lookup_key) takeLookupKey(ctx, key, p.bool('transfer_lookup_key') ?? false, now);
      previous.lookup_key = price.lookup_key;
      price.lookup_key = key;
    }
    ctx.events.emit('price.updated', price, now, previous);
    return price;
  });

  router.get('/v1/prices', ({ params: p, path }) => {
    const active = p.bool('active');
    const product = p.string('product');
    const type = p.string('type');
    const currency = p.string('currency');
    const lookupKeys = p.strings('lookup_keys');
    const items = newestFirst(ctx.store.prices).filter(
      (price) =>
        (active === undefined || price.active === active) &&
        (!product || price.product === product) &&
        (!type || price.type === type) &&
        (!currency || price.currency === currency) &&
        (!lookupKeys || (price.lookup_key !== null && lookupKeys.includes(price.lookup_key))),
    );
    return paginate(items, p, path);
  });
}
