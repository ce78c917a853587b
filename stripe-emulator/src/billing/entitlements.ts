import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { newId } from '../core/ids.js';
import { featuresOfProduct } from './product-features.js';

/** Subscriptions in these states grant their products' features, as Stripe documents. */
export const ENTITLING_STATUSES: readonly Stripe.Subscription.Status[] = ['active', 'trialing', 'past_due'];

function productIdOf(price: Stripe.Price): string {
  return typeof price.product === 'string' ? price.product : price.product.id;
}

export function activeEntitlements(ctx: Ctx, customerId: string): Stripe.Entitlements.ActiveEntitlement[] {
  const seen = new Map<string, Stripe.Entitlements.Feature>();
  for (const sub of ctx.store.subscriptions.valuesBy('customer', customerId)) {
    if (!ENTITLING_STATUSES.includes(sub.status)) continue;
    for (const item of sub.items.data) {
      for (const feature of featuresOfProduct(ctx, productIdOf(item.price))) seen.set(feature.id, feature);
    }
  }
  return [...seen.values()].map((feature) => {
    const key = `${customerId}|${feature.id}`;
    let id = ctx.store.entitlementIds.get(key);
    if (!id) {
      id = newId('ent');
      ctx.store.entitlementIds.set(key, id);
    }
    return { id, object: 'entitlements.active_entitlement', feature: feature.id, livemode: false, lookup_key: feature.lookup_key };
  });
}

export function entitlementSummary(ctx: Ctx, customerId: string): Stripe.Entitlements.ActiveEntitlementSummary {
  const data = activeEntitlements(ctx, customerId);
  return {
    object: 'entitlements.active_entitlement_summary',
    customer: customerId,
    entitlements: { object: 'list', data, has_more: false, url: '/v1/entitlements/active_entitlements' },
    livemode: false,
  };
}

function fingerprint(ctx: Ctx, customerId: string): string {
  return activeEntitlements(ctx, customerId)
    .map((e) => e.lookup_key)
    .sort()
    .join(',');
}

/**
 * Runs `change` and emits `entitlements.active_entitlement_summary.updated` if the customer's
 * set of features differs afterwards, which is when Stripe sends it.
 */
export function withEntitlementTracking<T>(ctx: Ctx, customerId: string, change: () => T): T {
  const before = fingerprint(ctx, customerId);
  const result = change();
  emitIfChanged(ctx, customerId, before);
  return result;
}

export function entitlementFingerprint(ctx: Ctx, customerId: string): string {
  return fingerprint(ctx, customerId);
}

export function emitIfChanged(ctx: Ctx, customerId: string, before: string): void {
  if (fingerprint(ctx, customerId) === before) return;
  const summary = entitlementSummary(ctx, customerId);
  ctx.events.emit('entitlements.active_entitlement_summary.updated', summary, ctx.clock.nowFor(customerId));
}
