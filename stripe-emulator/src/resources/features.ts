import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { invalidRequest, missing, missingParam } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { newestFirst, paginate } from '../http/list.js';
import type { Router } from '../http/router.js';
import { getProduct } from './products.js';
import { emitIfChanged, entitlementFingerprint } from '../billing/entitlements.js';
import { productOf } from '../billing/product-features.js';

function getFeature(ctx: Ctx, id: string, param?: string): Stripe.Entitlements.Feature {
  const feature = ctx.store.features.get(id);
  if (!feature) throw param ? missingParam('feature', id, param) : missing('feature', id);
  return feature;
}

/** `entitlements.features` and the product ↔ feature attachments (`products.createFeature` ...). */
export function registerFeatures(router: Router, ctx: Ctx): void {
  router.post('/v1/entitlements/features', ({ params: p }) => {
    const lookupKey = p.requiredString('lookup_key');
    if ([...ctx.store.features.values()].some((f) => f.lookup_key === lookupKey)) {
      throw invalidRequest(`A feature with lookup_key ${lookupKey} already exists.`, 'lookup_key');
    }
    const feature: Stripe.Entitlements.Feature = {
      id: newId('feat'),
      object: 'entitlements.feature',
      active: true,
      livemode: false,
      lookup_key: lookupKey,
      metadata: p.metadata(),
      name: p.requiredString('name'),
    };
    ctx.store.features.set(feature.id, feature);
    return feature;
  });

  router.get('/v1/entitlements/features/:id', ({ pathParams }) => getFeature(ctx, pathParams.id ?? ''));

  router.post('/v1/entitlements/features/:id', ({ pathParams, params: p }) => {
    const feature = getFeature(ctx, pathParams.id ?? '');
    if (p.has('name')) feature.name = p.requiredString('name');
    if (p.has('active')) withCatalogChange(ctx, () => (feature.active = p.bool('active') ?? feature.active));
    if (p.has('metadata')) feature.metadata = p.metadata(feature.metadata);
    return feature;
  });

  router.get('/v1/entitlements/features', ({ params: p, path }) => {
    const lookupKey = p.string('lookup_key');
    const archived = p.bool('archived');
    const items = newestFirst(ctx.store.features).filter(
      (f) => (!lookupKey || f.lookup_key === lookupKey) && (archived === undefined || f.active !== archived),
    );
    return paginate(items, p, path);
  });

  router.post('/v1/products/:product/features', ({ pathParams, params: p }) => {
    const product = getProduct(ctx, pathParams.product ?? '');
    const feature = getFeature(ctx, p.requiredString('entitlement_feature'), 'entitlement_feature');
    const duplicate = [...ctx.store.productFeatures.entries()].some(
      ([, pf]) => pf.entitlement_feature.id === feature.id && productOf(ctx, pf.id) === product.id,
    );
    if (duplicate) throw invalidRequest('This feature is already attached to the product.', 'entitlement_feature');
    const productFeature: Stripe.ProductFeature = {
      id: newId('prodft'),
      object: 'product_feature',
      entitlement_feature: feature,
      livemode: false,
    };
    withCatalogChange(ctx, () => {
      ctx.store.productFeatures.set(productFeature.id, productFeature);
      ctx.store.productFeatureOwners.set(productFeature.id, product.id);
    });
    return productFeature;
  });

  router.get('/v1/products/:product/features', ({ pathParams, params: p, path }) => {
    const product = getProduct(ctx, pathParams.product ?? '');
    const items = newestFirst(ctx.store.productFeatures)
      .filter((pf) => productOf(ctx, pf.id) === product.id)
      .map((pf) => ({ ...pf, entitlement_feature: ctx.store.features.get(pf.entitlement_feature.id) ?? pf.entitlement_feature }));
    return paginate(items, p, path);
  });

  router.get('/v1/products/:product/features/:id', ({ pathParams }) => {
    const pf = ctx.store.productFeatures.get(pathParams.id ?? '');
    if (!pf || productOf(ctx, pf.id) !== pathParams.product) throw missing('product_feature', pathParams.id ?? '');
    return pf;
  });

  router.del('/v1/products/:product/features/:id', ({ pathParams }) => {
    const pf = ctx.store.productFeatures.get(pathParams.id ?? '');
    if (!pf || productOf(ctx, pf.id) !== pathParams.product) throw missing('product_feature', pathParams.id ?? '');
    withCatalogChange(ctx, () => ctx.store.productFeatures.delete(pf.id));
    return { id: pf.id, object: 'product_feature', deleted: true };
  });
}

/** Catalog edits change what subscribers are entitled to; Stripe then sends their summaries. */
function withCatalogChange(ctx: Ctx, change: () => void): void {
  const customers = new Set<string>();
  for (const sub of ctx.store.subscriptions.values()) customers.add(typeof sub.customer === 'string' ? sub.customer : sub.customer.id);
  const before = new Map([...customers].map((c) => [c, entitlementFingerprint(ctx, c)]));
  change();
  for (const [customer, fingerprint] of before) emitIfChanged(ctx, customer, fingerprint);
}
