import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { invalidRequest, missing } from '../core/errors.js';
import { newestFirst, paginate } from '../http/list.js';
import type { Params } from '../http/params.js';
import type { Router } from '../http/router.js';
import { createPrice } from './prices.js';
import { insertProduct } from './product-records.js';

export function getProduct(ctx: Ctx, id: string): Stripe.Product {
  const product = ctx.store.products.get(id);
  if (!product) throw missing('product', id);
  return product;
}

export function createProduct(ctx: Ctx, p: Params): Stripe.Product {
  const product = insertProduct(ctx, p);
  const defaultPrice = p.object('default_price_data');
  if (defaultPrice) {
    const price = createPrice(ctx, defaultPrice, product.id);
    product.default_price = price.id;
  }
  return product;
}

export function registerProducts(router: Router, ctx: Ctx): void {
  router.post('/v1/products', ({ params }) => createProduct(ctx, params));

  router.get('/v1/products/:id', ({ pathParams }) => getProduct(ctx, pathParams.id ?? ''));

  router.post('/v1/products/:id', ({ pathParams, params: p }) => {
    const product = getProduct(ctx, pathParams.id ?? '');
    const previous: Partial<Stripe.Product> = {};
    const set = <K extends keyof Stripe.Product>(key: K, value: Stripe.Product[K]): void => {
      previous[key] = product[key];
      product[key] = value;
    };
    if (p.has('name')) set('name', p.requiredString('name'));
    if (p.has('active')) set('active', p.bool('active') ?? true);
    if (p.has('description')) set('description', p.string('description') || null);
    if (p.has('metadata')) set('metadata', p.metadata(product.metadata));
    if (p.has('default_price')) set('default_price', p.string('default_price') || null);
    if (p.has('marketing_features')) set('marketing_features', p.objects('marketing_features').map((f) => ({ name: f.string('name') ?? '' })));
    product.updated = ctx.clock.emulatorNow();
    ctx.events.emit('product.updated', product, product.updated, previous);
    return product;
  });

  router.del('/v1/products/:id', ({ pathParams }) => {
    const product = getProduct(ctx, pathParams.id ?? '');
    if ([...ctx.store.prices.values()].some((price) => price.product === product.id)) {
      throw invalidRequest('This product cannot be deleted because it has one or more user-created prices.');
    }
    ctx.store.products.delete(product.id);
    ctx.events.emit('product.deleted', product, ctx.clock.emulatorNow());
    return { id: product.id, object: 'product', deleted: true };
  });

  router.get('/v1/products', ({ params: p, path }) => {
    const active = p.bool('active');
    const ids = p.strings('ids');
    const items = newestFirst(ctx.store.products).filter(
      (prod) => (active === undefined || prod.active === active) && (!ids || ids.includes(prod.id)),
    );
    return paginate(items, p, path);
  });
}
