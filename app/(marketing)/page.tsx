import { getTranslations } from 'next-intl/server';
import { ButtonLink } from '@/components/ui/button';

const POINTS = ['stripe', 'zeroAccounts', 'proxy'] as const;

export default async function HomePage() {
  const t = await getTranslations('marketing.home');
  return (
    <>
      <section className="mx-auto max-w-4xl px-6 pt-24 pb-16 text-center">
        <p className="mb-4 inline-block rounded-full bg-brand-50 px-3 py-1 text-xs font-medium text-brand-700 dark:bg-indigo-950/60 dark:text-indigo-300">
          {t('stack')}
        </p>
        <h1 className="text-4xl font-semibold sm:text-5xl tracking-tight text-balance text-zinc-900 dark:text-zinc-100">{t('heading')}</h1>
        <p className="mx-auto mt-6 max-w-2xl text-lg text-pretty text-zinc-600 dark:text-zinc-400">{t('intro')}</p>
        <div className="mt-10 flex flex-wrap justify-center gap-3">
          <ButtonLink href="/sign-up" className="px-6 py-3 text-base">
            {t('getStarted')}
          </ButtonLink>
          <ButtonLink href="/pricing" variant="secondary" className="px-6 py-3 text-base">
            {t('seePricing')}
          </ButtonLink>
        </div>
      </section>
      <section className="mx-auto grid max-w-5xl gap-6 px-6 pb-24 md:grid-cols-3">
        {POINTS.map((point) => (
          <div key={point} className="rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900">
            <h2 className="font-semibold">{t(`points.${point}.title`)}</h2>
            <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t(`points.${point}.body`)}</p>
          </div>
        ))}
      </section>
    </>
  );
}
