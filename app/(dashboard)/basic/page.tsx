import type { Metadata } from 'next';
import { FEATURE_NAMES, FEATURES } from '@/lib/billing/plans';
import { requireEntitlement } from '@/lib/entitlements/require-entitlement';

export const metadata: Metadata = { title: 'Basic features' };

export default async function BasicPage() {
  await requireEntitlement('/basic');
  return (
    <div className="space-y-2">
      <p className="text-xs font-medium tracking-wide text-brand-600 uppercase">Basic</p>
      <h1 className="text-2xl font-semibold tracking-tight" data-testid="basic-heading">
        {FEATURE_NAMES[FEATURES.basic]}
      </h1>
      <p className="text-zinc-600">Included in every plan, Basic and Premium.</p>
    </div>
  );
}
