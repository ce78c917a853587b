// Exists only in benchmark builds (ENTITLE_BENCH=1 adds the `bench.tsx` page extension; see
// next.config.ts): the Premium page without its gate, for `npm run bench:gate` to compare.
// /dashboard/** passes through proxy.ts for the session like /premium, but has no entitlement check.
import type { Metadata } from 'next';
import { PremiumReports } from '@/components/premium/premium-reports';
import { requireUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Premium' };

export default async function PremiumTwinPage() {
  await requireUser('/dashboard/premium-twin');
  return <PremiumReports />;
}
