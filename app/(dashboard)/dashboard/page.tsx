import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { StatusBadge } from '@/components/billing/status-badge';
import { ButtonLink } from '@/components/ui/button';
import { requireUser } from '@/lib/auth/session';
import { FEATURES, planByLookupKey } from '@/lib/billing/plans';
import { getCurrentSubscription } from '@/lib/billing/subscriptions';
import { getActiveFeatures } from '@/lib/entitlements/features';
import { routes } from '@/lib/entitlements/routes';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('dashboard.home');
  return { title: t('title') };
}

export default async function DashboardPage() {
  const user = await requireUser();
  const [subscription, features, t, common] = await Promise.all([
    getCurrentSubscription(user.id),
    getActiveFeatures(user.id),
    getTranslations('dashboard.home'),
    getTranslations('common'),
  ]);
  const plan = planByLookupKey(subscription?.priceLookupKey);
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{user.name ? t('welcomeName', { name: user.name }) : t('welcome')}</h1>
        <p className="mt-1 text-zinc-600 dark:text-zinc-400">{t('signedInAs', { email: user.email ?? '' })}</p>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <div className="rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900">
          <p className="text-sm text-zinc-500 dark:text-zinc-400">{t('yourPlan')}</p>
          {subscription ? (
            <p className="mt-2 flex items-center gap-2 text-xl font-semibold" data-testid="dashboard-plan">
              {plan?.name ?? t('yourPlan')} <StatusBadge status={subscription.status} />
            </p>
          ) : (
            <p className="mt-2 text-xl font-semibold" data-testid="dashboard-plan">
              {t('noPlan')}
            </p>
          )}
          <div className="mt-4">
            <ButtonLink href={subscription ? '/billing' : '/pricing'} variant="secondary">
              {subscription ? t('manageBilling') : t('choosePlan')}
            </ButtonLink>
          </div>
        </div>
        <div className="rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900">
          <p className="text-sm text-zinc-500 dark:text-zinc-400">{t('yourAccess')}</p>
          <ul className="mt-3 space-y-2 text-sm">
            {Object.values(FEATURES).map((key) => {
              const on = features.includes(key);
              const page = routes.pageForFeature(key);
              return (
                <li key={key} className="flex items-center justify-between">
                  <span>{common(`features.${key}`)}</span>
                  {on && page ? (
                    <Link href={page.prefix} className="font-medium text-brand-600 hover:underline dark:text-indigo-400">
                      {t('open')}
                    </Link>
                  ) : on ? (
                    <span className="text-zinc-500 dark:text-zinc-400">{t('included')}</span>
                  ) : (
                    <span className="text-zinc-500 dark:text-zinc-400">{t('notIncluded')}</span>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      </div>
    </div>
  );
}
