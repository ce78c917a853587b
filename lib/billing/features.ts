import { eq, sql } from 'drizzle-orm';
import { preparedStatements } from '@/db/client';
import { entitlementSummaries } from '@/db/schema';
import { cachedFeatures } from './entitlement-cache';
import { FEATURES, type FeatureKey } from './plans';

// No `server-only` here: proxy.ts imports this module, and the proxy is not a React environment.

/** Routes that need a feature, checked by the proxy before render and by the pages themselves. */
export const GATED_ROUTES: readonly { prefix: string; feature: FeatureKey; reason: string }[] = [
  { prefix: '/premium', feature: FEATURES.extended, reason: 'premium' },
  { prefix: '/basic', feature: FEATURES.basic, reason: 'basic' },
];

export function gateFor(pathname: string) {
  return GATED_ROUTES.find((gate) => pathname === gate.prefix || pathname.startsWith(`${gate.prefix}/`));
}

// The gate runs on every request to a gated page: prepared once.
const statements = preparedStatements((db) => ({
  features: db
    .select({ features: entitlementSummaries.features })
    .from(entitlementSummaries)
    .where(eq(entitlementSummaries.userId, sql.placeholder('userId')))
    .limit(1)
    .prepare('entitlement_features'),
}));

/** The lookup keys of the user's active entitlements, as Stripe last reported them. */
export async function getActiveFeatures(userId: string): Promise<string[]> {
  return cachedFeatures(userId, async () => {
    const [row] = await statements().features.execute({ userId });
    return row?.features ?? [];
  });
}

export async function hasFeature(userId: string, feature: FeatureKey): Promise<boolean> {
  return (await getActiveFeatures(userId)).includes(feature);
}

export function pricingUrlFor(reason: string, from: string): string {
  return `/pricing?${new URLSearchParams({ reason, from })}`;
}

/**
 * The gate's decision for a signed-in user asking for `pathname`: pass (naming the feature that
 * was checked, or null on an ungated path), or go to pricing with the reason.
 */
export async function checkGate(userId: string, pathname: string): Promise<{ passed: FeatureKey | null } | { redirectTo: string }> {
  const gate = gateFor(pathname);
  if (!gate) return { passed: null };
  if (!(await hasFeature(userId, gate.feature))) return { redirectTo: pricingUrlFor(gate.reason, pathname) };
  return { passed: gate.feature };
}

/** Where a signed-in user asking for `path` (a same-origin path) should land: the path itself, or pricing. */
export async function landingPathFor(userId: string, path: string): Promise<string> {
  const decision = await checkGate(userId, new URL(path, 'http://entitle.invalid').pathname);
  return 'redirectTo' in decision ? decision.redirectTo : path;
}
