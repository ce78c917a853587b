import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { invalidRequest } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Params } from '../http/params.js';

/**
 * Stores a new product and emits product.created: products.create without its default price,
 * and what a price's `product_data` makes (prices.ts cannot import this module, which imports it).
 */
export function insertProduct(ctx: Ctx, p: Params): Stripe.Product {
  const now = ctx.clock.emulatorNow();
  const id = p.string('id') || newId('prod');
  if (ctx.store.products.has(id)) throw invalidRequest(`Product already exists.`, 'id', 'resource_already_exists');
  const product: Stripe.Product = {
    id,
    object: 'product',
    active: p.bool('active') ?? true,
    created: now,
    default_price: null,
    description: p.string('description') || null,
    images: p.strings('images') ?? [],
    livemode: false,
    marketing_features: p.objects('marketing_features').map((f) => ({ name: f.string('name') ?? '' })),
    metadata: p.metadata(),
    name: p.requiredString('name'),
    package_dimensions: null,
    shippable: null,
    statement_descriptor: p.string('statement_descriptor') || null,
    tax_code: null,
    tax_details: null,
    type: 'service',
    unit_label: p.string('unit_label') || null,
    updated: now,
    url: p.string('url') || null,
  };
  ctx.store.products.set(product.id, product);
  ctx.events.emit('product.created', product, now);
  return product;
}
