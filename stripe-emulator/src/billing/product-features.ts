import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';

// Plain reads of the catalog, kept apart from resources/features.ts (which emits entitlement
// summaries through billing/entitlements.ts) so that entitlements can read features without an
// import cycle between the two.

/** Stripe's product_feature object does not name its product, so the store keeps the owner. */
export function productOf(ctx: Ctx, productFeatureId: string): string | undefined {
  return ctx.store.productFeatureOwners.get(productFeatureId);
}

/** The active features attached to a product. */
export function featuresOfProduct(ctx: Ctx, productId: string): Stripe.Entitlements.Feature[] {
  const out: Stripe.Entitlements.Feature[] = [];
  for (const pf of ctx.store.productFeatures.values()) {
    if (productOf(ctx, pf.id) !== productId) continue;
    const feature = ctx.store.features.get(pf.entitlement_feature.id);
    if (feature?.active) out.push(feature);
  }
  return out;
}
