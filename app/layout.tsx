import type { Metadata } from 'next';
import { GeistMono } from 'geist/font/mono';
import { GeistSans } from 'geist/font/sans';
import { connection } from 'next/server';
import { getLocale, getTranslations } from 'next-intl/server';
import { PreferenceSwitches } from '@/components/preferences/preference-switches';
import { FormMessageLabels } from '@/components/ui/form-message';
import { requestTheme } from '@/lib/preferences/theme';
import { siteUrl } from '@/lib/site-url';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  // Absolute URLs for the Open Graph image: the deployment's own origin. In development a Host
  // header that names no origin leaves them relative rather than failing the page.
  const [origin, t] = await Promise.all([siteUrl().catch(() => undefined), getTranslations('common')]);
  return {
    metadataBase: origin ? new URL(origin) : undefined,
    title: { default: 'entitle', template: '%s · entitle' },
    description: t('metadata.description'),
  };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request: its scripts carry the nonce of that response's
  // Content-Security-Policy (proxy.ts), which a page built ahead of time could not know.
  await connection();
  const [locale, theme, t] = await Promise.all([getLocale(), requestTheme(), getTranslations('common')]);
  return (
    <html lang={locale} data-theme={theme} className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="flex min-h-screen flex-col font-sans">
        {/* Layouts fill the screen above the footer (flex-1), so it sits at the bottom of short pages. */}
        <div className="flex flex-1 flex-col">
          <FormMessageLabels error={t('form.error')}>{children}</FormMessageLabels>
        </div>
        <footer className="flex flex-col items-center gap-3 border-t border-zinc-200 px-6 py-6 text-center dark:border-zinc-800">
          <p className="text-sm text-zinc-500 dark:text-zinc-400">{t('footer.tagline')}</p>
          <PreferenceSwitches />
        </footer>
      </body>
    </html>
  );
}
