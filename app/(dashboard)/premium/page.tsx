import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PremiumReports } from '@/components/premium/premium-reports';
import { FEATURES } from '@/lib/billing/plans';
import { requireEntitlement } from '@/lib/entitlements/require-entitlement';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common.features');
  return { title: t(FEATURES.extended) };
}

export default async function PremiumPage() {
  // The proxy already checked; the page checks again where the content is produced.
  await requireEntitlement('/premium');
  return <PremiumReports />;
}
