import type { Metadata } from 'next';
import { PremiumReports } from '@/components/premium/premium-reports';
import { requireEntitlement } from '@/lib/entitlements/require-entitlement';

export const metadata: Metadata = { title: 'Premium reports' };

export default async function PremiumPage() {
  // The proxy already checked; the page checks again where the content is produced.
  await requireEntitlement('/premium');
  return <PremiumReports />;
}
