import type Stripe from 'stripe';
import { idOf } from '@/lib/stripe/reference';
import { FEATURE_NAMES, PLANS, type FeatureKey } from './plans';

// Creates what the app sells, keyed by lookup key, so running it again changes nothing.
// Used by `npm run stripe:setup` (real Stripe or the emulator) and by the tests.

async function ensureFeature(stripe: Stripe, lookupKey: FeatureKey): Promise<Stripe.Entitlements.Feature> {
  const existing = await stripe.entitlements.features.list({ lookup_key: lookupKey, limit: 1 });
  if (existing.data[0]) return existing.data[0];
  return stripe.entitlements.features.create(
    { lookup_key: lookupKey, name: FEATURE_NAMES[lookupKey] },
    { idempotencyKey: `entitle-feature-${lookupKey}` },
  );
}

async function ensurePlan(stripe: Stripe, plan: (typeof PLANS)[number], features: Map<string, Stripe.Entitlements.Feature>) {
  const found = await stripe.prices.list({ lookup_keys: [plan.lookupKey], expand: ['data.product'], limit: 1 });
  let price = found.data[0];
  let productId: string;
  if (price) {
    productId = idOf(price.product);
  } else {
    const product = await stripe.products.create(
      { name: plan.name, description: plan.description, metadata: { plan: plan.id } },
      { idempotencyKey: `entitle-product-${plan.lookupKey}` },
    );
    productId = product.id;
    price = await stripe.prices.create(
      {
        product: productId,
        currency: plan.currency,
        unit_amount: plan.unitAmount,
        recurring: { interval: 'month' },
        lookup_key: plan.lookupKey,
        transfer_lookup_key: true,
      },
      { idempotencyKey: `entitle-price-${plan.lookupKey}` },
    );
  }

  const attached = await stripe.products.listFeatures(productId, { limit: 100 });
  const have = new Set(attached.data.map((pf) => pf.entitlement_feature.lookup_key));
  for (const key of plan.features) {
    const feature = features.get(key);
    if (feature && !have.has(key)) await stripe.products.createFeature(productId, { entitlement_feature: feature.id });
  }
  return { plan: plan.id, productId, priceId: price.id };
}

export async function setupCatalog(stripe: Stripe) {
  const keys = [...new Set(PLANS.flatMap((plan) => plan.features))];
  const features = new Map<string, Stripe.Entitlements.Feature>();
  for (const key of keys) features.set(key, await ensureFeature(stripe, key));
  const plans = [];
  for (const plan of PLANS) plans.push(await ensurePlan(stripe, plan, features));
  return { features: [...features.values()].map((f) => ({ id: f.id, lookupKey: f.lookup_key })), plans };
}
