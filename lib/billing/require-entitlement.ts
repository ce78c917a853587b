import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { requireUser } from '@/lib/auth/session';
import { GATED_ROUTES, hasFeature, pricingUrlFor } from './features';
import { GATE_PASS_HEADER, isValidGatePass } from './gate-pass';
import type { FeatureKey } from './plans';

/**
 * For premium pages and actions: the proxy has already checked, but a page must not rely on a
 * proxy matcher staying in step with the routes. Sends users without the feature to pricing.
 */
export async function requireEntitlement(feature: FeatureKey, from = '/dashboard') {
  const user = await requireUser(from);
  // The proxy checked this very request and said so in a signed pass: no second database read.
  if (isValidGatePass((await headers()).get(GATE_PASS_HEADER), user.id, feature)) return user;
  if (!(await hasFeature(user.id, feature))) {
    const reason = GATED_ROUTES.find((gate) => gate.feature === feature)?.reason ?? 'upgrade';
    redirect(pricingUrlFor(reason, from));
  }
  return user;
}
