import { getTranslations } from 'next-intl/server';
import type { PricedPlan } from '@/lib/billing/catalog';
import { billingFormat } from './billing-format';

/** What a plan offers, in the reader's language (the plan's name is the same in every language). */
async function planCopy(plan: PricedPlan): Promise<{ description: string; highlights: string[] }> {
  const t = await getTranslations('billing.plans');
  switch (plan.id) {
    case 'basic':
      return {
        description: t('basic.description'),
        highlights: [t('basic.highlights.features'), t('basic.highlights.support'), t('basic.highlights.cancel')],
      };
    case 'premium':
      return {
        description: t('premium.description'),
        highlights: [t('premium.highlights.basic'), t('premium.highlights.reports'), t('premium.highlights.cancel')],
      };
  }
}

export async function PlanCard({ plan, highlighted, children }: { plan: PricedPlan; highlighted: boolean; children: React.ReactNode }) {
  const [t, format, copy] = await Promise.all([getTranslations('billing'), billingFormat(), planCopy(plan)]);
  return (
    <div
      className={`flex flex-col rounded-2xl border bg-white p-8 dark:bg-zinc-900 ${highlighted ? 'border-brand-500 shadow-lg ring-1 ring-brand-500' : 'border-zinc-200 dark:border-zinc-800'}`}
    >
      <div className="flex items-center justify-between">
        <h2 className="text-lg font-semibold">{plan.name}</h2>
        {highlighted ? (
          <span className="rounded-full bg-brand-50 px-2.5 py-0.5 text-xs font-medium text-brand-700 dark:bg-indigo-950/40 dark:text-indigo-300">
            {t('pricing.mostPopular')}
          </span>
        ) : null}
      </div>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{copy.description}</p>
      <p className="mt-6 flex items-baseline gap-1">
        <span className="text-4xl font-semibold tracking-tight">{format.money(plan.amount, plan.currency)}</span>
        <span className="text-sm text-zinc-500 dark:text-zinc-400">/ {format.interval(plan.interval)}</span>
      </p>
      <ul className="mt-6 mb-8 flex-1 space-y-2 text-sm text-zinc-700 dark:text-zinc-300">
        {copy.highlights.map((item) => (
          <li key={item} className="flex gap-2">
            <span aria-hidden className="text-brand-600 dark:text-indigo-400">
              ✓
            </span>
            {item}
          </li>
        ))}
      </ul>
      {children}
    </div>
  );
}
