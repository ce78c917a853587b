import { eq, sql } from 'drizzle-orm';
import { preparedStatements } from '@/db/client';
import { entitlementSummaries } from '@/db/schema';
import type { FeatureKey } from '@/lib/billing/plans';
import { cachedFeatures } from './entitlement-cache';

// No `server-only` here: proxy.ts imports this module, and the proxy is not a React environment.

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
