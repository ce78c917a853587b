import type { FeatureKey } from '@/lib/billing/plans';
import { hasFeature } from './features';
import { routes, type RouteTable } from './routes';

// No `server-only` here: proxy.ts imports this module, and the proxy is not a React environment.

export function pricingUrlFor(reason: string, from: string): string {
  return `/pricing?${new URLSearchParams({ reason, from })}`;
}

/**
 * The gate's decision for a signed-in user asking for `pathname`: pass (naming the feature that
 * was checked, or null on an ungated path), or go to pricing with the reason.
 */
export async function checkGate(
  userId: string,
  pathname: string,
  table: RouteTable = routes,
): Promise<{ passed: FeatureKey | null } | { redirectTo: string }> {
  const row = table.gateFor(pathname);
  if (!row) return { passed: null };
  if (!(await hasFeature(userId, row.gate.feature))) return { redirectTo: pricingUrlFor(row.gate.pricingReason.key, pathname) };
  return { passed: row.gate.feature };
}

/** Where a signed-in user asking for `path` (a same-origin path) should land: the path itself, or pricing. */
export async function landingPathFor(userId: string, path: string): Promise<string> {
  const decision = await checkGate(userId, new URL(path, 'http://entitle.invalid').pathname);
  return 'redirectTo' in decision ? decision.redirectTo : path;
}
