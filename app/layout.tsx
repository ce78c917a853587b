import type { Metadata } from 'next';
import { GeistMono } from 'geist/font/mono';
import { GeistSans } from 'geist/font/sans';
import { connection } from 'next/server';
import { getLocale } from 'next-intl/server';
import { PreferenceSwitches } from '@/components/preferences/preference-switches';
import { requestTheme } from '@/lib/preferences/theme';
import { siteUrl } from '@/lib/site-url';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  // Absolute URLs for the Open Graph image: the deployment's own origin. In development a Host
  // header that names no origin leaves them relative rather than failing the page.
  const origin = await siteUrl().catch(() => undefined);
  return {
    metadataBase: origin ? new URL(origin) : undefined,
    title: { default: 'entitle', template: '%s · entitle' },
    description: 'Subscriptions with Stripe Billing, and exactly the access Stripe says each user is entitled to.',
  };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request: its scripts carry the nonce of that response's
  // Content-Security-Policy (proxy.ts), which a page built ahead of time could not know.
  await connection();
  const [locale, theme] = await Promise.all([getLocale(), requestTheme()]);
  return (
    <html lang={locale} data-theme={theme} className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="min-h-screen font-sans">
        {children}
        <footer className="border-t border-zinc-200 py-4 dark:border-zinc-800">
          <PreferenceSwitches />
        </footer>
      </body>
    </html>
  );
}
