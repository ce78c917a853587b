// The plans this app sells, described once. Stripe holds the prices; they are found by lookup key,
// never by id, so the same code works on every Stripe account and on the emulator.

export const FEATURES = {
  basic: 'basic_features',
  extended: 'extended_features',
} as const;
export type FeatureKey = (typeof FEATURES)[keyof typeof FEATURES];

/** Every plan id, in catalog order: forms validate against this list rather than a copy of it. */
export const PLAN_IDS = ['basic', 'premium'] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export type PlanDefinition = {
  id: PlanId;
  name: string;
  description: string;
  lookupKey: string;
  /** Used by `npm run stripe:setup` to create the price; the app reads amounts from Stripe. */
  unitAmount: number;
  currency: 'usd';
  features: FeatureKey[];
  highlights: string[];
};

export const PLANS: readonly PlanDefinition[] = [
  {
    id: 'basic',
    name: 'Basic',
    description: 'Everything you need to get going.',
    lookupKey: 'basic_monthly',
    unitAmount: 500,
    currency: 'usd',
    features: [FEATURES.basic],
    highlights: ['Basic features', 'Email support', 'Cancel any time'],
  },
  {
    id: 'premium',
    name: 'Premium',
    description: 'For teams that need the extended toolset.',
    lookupKey: 'premium_monthly',
    unitAmount: 1500,
    currency: 'usd',
    features: [FEATURES.basic, FEATURES.extended],
    highlights: ['Everything in Basic', 'Premium reports', 'Cancel any time'],
  },
];

/** What customers read for each feature: pages name features by these, never by lookup key. */
export const FEATURE_NAMES: Record<FeatureKey, string> = {
  basic_features: 'Basic features',
  extended_features: 'Premium reports',
};

export function planById(id: PlanId): PlanDefinition {
  const plan = PLANS.find((p) => p.id === id);
  if (!plan) throw new Error(`unknown plan ${id}`);
  return plan;
}

export function planByLookupKey(lookupKey: string | null | undefined): PlanDefinition | undefined {
  return PLANS.find((p) => p.lookupKey === lookupKey);
}
