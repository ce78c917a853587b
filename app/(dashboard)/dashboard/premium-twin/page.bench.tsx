// Exists only in benchmark builds (ENTITLE_BENCH=1 adds the `bench.tsx` page extension; see
// next.config.ts): the Premium page without its gate, for `npm run bench:gate` to compare.
// /dashboard/** passes through proxy.ts for the session like /premium, but has no entitlement check.
//
// Why benchmark code sits in app/: App Router pages are only served from app/, so a twin elsewhere
// cannot be measured; the other way, a bench-build switch that turns the gate off for a request
// (as bare-proxy.bench.ts does for the proxy), would put a bypass branch into checkGate and
// requireEntitlement, the very code measured and a page's last defence, and a bench build deployed
// by mistake would then open every gated page to a header; this file opens one page to signed-in
// users, and no normal build contains it (the `bench.tsx` extension).
import type { Metadata } from 'next';
import { PremiumReports } from '@/components/premium/premium-reports';
import { requireUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Premium' };

export default async function PremiumTwinPage() {
  await requireUser('/dashboard/premium-twin');
  return <PremiumReports />;
}
