import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { FEATURES } from '@/lib/billing/plans';
import { requireEntitlement } from '@/lib/entitlements/require-entitlement';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common.features');
  return { title: t(FEATURES.basic) };
}

export default async function BasicPage() {
  await requireEntitlement('/basic');
  const [t, features] = await Promise.all([getTranslations('dashboard.basic'), getTranslations('common.features')]);
  return (
    <div className="space-y-2">
      <p className="text-xs font-medium tracking-wide text-brand-600 uppercase dark:text-indigo-400">{t('eyebrow')}</p>
      <h1 className="text-2xl font-semibold tracking-tight" data-testid="basic-heading">
        {features(FEATURES.basic)}
      </h1>
      <p className="text-zinc-600 dark:text-zinc-400">{t('intro')}</p>
    </div>
  );
}
