// The plans this app sells, described once. Stripe holds the prices; they are found by lookup key,
// never by id, so the same code works on every Stripe account and on the emulator.

export const FEATURES = {
  basic: 'basic_features',
  extended: 'extended_features',
} as const;
export type FeatureKey = (typeof FEATURES)[keyof typeof FEATURES];

type PlanFields = {
  id: string;
  name: string;
  /** The Stripe product's description (npm run stripe:setup); pages write their own, per language. */
  description: string;
  lookupKey: string;
  /** Used by `npm run stripe:setup` to create the price; the app reads amounts from Stripe. */
  unitAmount: number;
  currency: 'usd';
  features: readonly FeatureKey[];
};

// Each plan's id is written here only: PlanId and PLAN_IDS, which forms validate against, are read from it.
const CATALOG = [
  {
    id: 'basic',
    name: 'Basic',
    description: 'Everything you need to get going.',
    lookupKey: 'basic_monthly',
    unitAmount: 500,
    currency: 'usd',
    features: [FEATURES.basic],
  },
  {
    id: 'premium',
    name: 'Premium',
    description: 'For teams that need the extended toolset.',
    lookupKey: 'premium_monthly',
    unitAmount: 1500,
    currency: 'usd',
    features: [FEATURES.basic, FEATURES.extended],
  },
] as const satisfies readonly PlanFields[];

export type PlanId = (typeof CATALOG)[number]['id'];
export type PlanDefinition = PlanFields & { id: PlanId };

/** The plans, in catalog order. */
export const PLANS: readonly PlanDefinition[] = CATALOG;

/** Every plan id, in catalog order: forms validate against this list (schemas.ts). */
export const PLAN_IDS: readonly PlanId[] = PLANS.map((plan) => plan.id);

/** What customers read for each feature: pages name features by these, never by lookup key. */
export const FEATURE_NAMES: Record<FeatureKey, string> = {
  basic_features: 'Basic features',
  extended_features: 'Premium reports',
};

export function planByLookupKey(lookupKey: string | null | undefined): PlanDefinition | undefined {
  return PLANS.find((p) => p.lookupKey === lookupKey);
}
