import { getLocale, getTranslations } from 'next-intl/server';
import { FEATURES } from '@/lib/billing/plans';

/** The premium content; the page that renders it decides who may see it. */
export async function PremiumReports() {
  const [t, features, locale] = await Promise.all([getTranslations('dashboard.premium'), getTranslations('common.features'), getLocale()]);
  // Sample figures, written the way the reader's language writes numbers.
  const percent = (value: number, sign: 'always' | 'auto') =>
    new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1, signDisplay: sign }).format(value);
  const reports = [
    { key: 'cohortRevenue', value: percent(0.184, 'always') },
    { key: 'netRetention', value: percent(1.12, 'auto') },
    { key: 'expansion', value: new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(4210) },
  ] as const;
  return (
    <div className="space-y-6">
      <div>
        <p className="text-xs font-medium tracking-wide text-brand-600 uppercase dark:text-indigo-400">{t('eyebrow')}</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight" data-testid="premium-heading">
          {features(FEATURES.extended)}
        </h1>
        <p className="mt-1 text-zinc-600 dark:text-zinc-400">{t('intro')}</p>
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        {reports.map((report) => (
          <div key={report.key} className="rounded-2xl border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900">
            <p className="text-sm text-zinc-600 dark:text-zinc-400">{t(`reports.${report.key}.name`)}</p>
            <p className="mt-2 text-2xl font-semibold">{report.value}</p>
            <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{t(`reports.${report.key}.note`)}</p>
          </div>
        ))}
      </div>
    </div>
  );
}
