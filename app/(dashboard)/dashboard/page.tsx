import type { Metadata } from 'next';
import Link from 'next/link';
import { StatusBadge } from '@/components/billing/status-badge';
import { ButtonLink } from '@/components/ui/button';
import { requireUser } from '@/lib/auth/session';
import { FEATURE_NAMES, FEATURES, planByLookupKey } from '@/lib/billing/plans';
import { getCurrentSubscription } from '@/lib/billing/subscriptions';
import { getActiveFeatures } from '@/lib/entitlements/features';
import { routes } from '@/lib/entitlements/routes';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const user = await requireUser();
  const [subscription, features] = await Promise.all([getCurrentSubscription(user.id), getActiveFeatures(user.id)]);
  const plan = planByLookupKey(subscription?.priceLookupKey);
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Welcome{user.name ? `, ${user.name}` : ''}</h1>
        <p className="mt-1 text-zinc-600">You are signed in as {user.email}.</p>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <div className="rounded-2xl border border-zinc-200 bg-white p-6">
          <p className="text-sm text-zinc-500">Your plan</p>
          {subscription ? (
            <p className="mt-2 flex items-center gap-2 text-xl font-semibold" data-testid="dashboard-plan">
              {plan?.name ?? 'Your plan'} <StatusBadge status={subscription.status} />
            </p>
          ) : (
            <p className="mt-2 text-xl font-semibold" data-testid="dashboard-plan">
              No plan yet
            </p>
          )}
          <div className="mt-4">
            <ButtonLink href={subscription ? '/billing' : '/pricing'} variant="secondary">
              {subscription ? 'Manage billing' : 'Choose a plan'}
            </ButtonLink>
          </div>
        </div>
        <div className="rounded-2xl border border-zinc-200 bg-white p-6">
          <p className="text-sm text-zinc-500">Your access</p>
          <ul className="mt-3 space-y-2 text-sm">
            {Object.values(FEATURES).map((key) => {
              const on = features.includes(key);
              const page = routes.pageForFeature(key);
              return (
                <li key={key} className="flex items-center justify-between">
                  <span>{FEATURE_NAMES[key]}</span>
                  {on && page ? (
                    <Link href={page.prefix} className="font-medium text-brand-600 hover:underline">
                      Open
                    </Link>
                  ) : on ? (
                    <span className="text-zinc-500">Included</span>
                  ) : (
                    <span className="text-zinc-500">Not included</span>
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
