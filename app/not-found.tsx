import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { buttonClass } from '@/components/ui/button-class';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common.notFound');
  return { title: t('title') };
}

// Next.js's built-in 404 page styles itself with inline styles, which the Content-Security-Policy
// (proxy.ts) refuses; this one uses the site's stylesheet.
export default async function NotFound() {
  const t = await getTranslations('common.notFound');
  return (
    <main className="mx-auto flex max-w-md flex-1 flex-col items-center justify-center gap-4 px-6 py-16 text-center">
      <p className="text-sm font-medium text-zinc-500 dark:text-zinc-400">404</p>
      <h1 className="text-2xl font-semibold tracking-tight">{t('heading')}</h1>
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- next/link would put a copy of its code in this page's chunk, which every page loads */}
      <a href="/" className={buttonClass()}>
        {t('home')}
      </a>
    </main>
  );
}
