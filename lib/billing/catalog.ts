import 'server-only';
import type Stripe from 'stripe';
import { idOf } from '@/lib/stripe/reference';
import { stripe } from '@/lib/stripe/client';
import { PLANS, type PlanDefinition, type PlanId } from './plans';

export type PricedPlan = PlanDefinition & { priceId: string; productId: string; amount: number; interval: string };

// A memo in this process, not Next.js's `'use cache'`: that needs `cacheComponents`, under which a
// page may read cookies and headers only inside <Suspense>, and every page here reads them at its
// root (the session, the language and theme on <html>, the Content-Security-Policy nonce). A stale
// price lasts at most a minute and costs nothing: checkout is created from the price id, and
// Stripe refuses an archived one.
const TTL_MS = 60_000;
let cached: { at: number; plans: Promise<PricedPlan[]> } | undefined;

async function fetchPlans(): Promise<PricedPlan[]> {
  const prices = await stripe().prices.list({ lookup_keys: PLANS.map((p) => p.lookupKey), active: true, limit: 10 });
  return PLANS.flatMap((plan) => {
    const price = prices.data.find((p: Stripe.Price) => p.lookup_key === plan.lookupKey);
    if (!price || price.unit_amount === null) return [];
    return [{ ...plan, priceId: price.id, productId: idOf(price.product), amount: price.unit_amount, interval: price.recurring?.interval ?? 'month' }];
  });
}

/** The plans with their live Stripe prices. Cached briefly: prices change rarely and pages render often. */
export function getPricedPlans(): Promise<PricedPlan[]> {
  if (!cached || Date.now() - cached.at > TTL_MS) {
    const plans = fetchPlans();
    cached = { at: Date.now(), plans };
    // A failed fetch must not be served from the cache for a minute.
    plans.catch(() => (cached = undefined));
  }
  return cached.plans;
}

export async function getPricedPlan(id: PlanId): Promise<PricedPlan | undefined> {
  return (await getPricedPlans()).find((plan) => plan.id === id);
}
