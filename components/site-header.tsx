import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { currentUser } from '@/lib/auth/session';
import { ButtonLink } from '@/components/ui/button';
import { Logo } from './logo';

const navLink = 'rounded-lg px-3 py-2 text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800';

export async function SiteHeader() {
  const [user, t] = await Promise.all([currentUser(), getTranslations('common.header')]);
  return (
    <header className="border-b border-zinc-200 bg-white/80 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/80">
      <div className="mx-auto flex min-h-16 max-w-6xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-6 py-3">
        <Logo />
        <nav className="flex flex-wrap items-center gap-2 text-sm">
          <Link href="/pricing" className={navLink}>
            {t('pricing')}
          </Link>
          {user ? (
            <ButtonLink href="/dashboard">{t('dashboard')}</ButtonLink>
          ) : (
            <>
              <Link href="/sign-in" className={navLink}>
                {t('signIn')}
              </Link>
              <ButtonLink href="/sign-up">{t('getStarted')}</ButtonLink>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}
