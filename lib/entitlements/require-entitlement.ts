import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { requireUser } from '@/lib/auth/session';
import { hasFeature } from './features';
import { pricingUrlFor } from './gate';
import { GATE_PASS_HEADER, isValidGatePass } from './gate-pass';
import { routes, type GatedPrefix } from './routes';

/**
 * For gated pages, named by their row in the route table: the proxy has already checked, but a
 * page must not rely on a proxy matcher staying in step with the routes. Sends users without the
 * feature to pricing.
 */
export async function requireEntitlement(prefix: GatedPrefix) {
  const row = routes.gateFor(prefix);
  if (!row) throw new Error(`${prefix} has no gate in lib/entitlements/routes.ts`);
  const { feature, pricingReason } = row.gate;
  const user = await requireUser(prefix);
  // The proxy checked this very request and said so in a signed pass: no second database read.
  if (isValidGatePass((await headers()).get(GATE_PASS_HEADER), user.id, feature)) return user;
  if (!(await hasFeature(user.id, feature))) redirect(pricingUrlFor(pricingReason.key, prefix));
  return user;
}
