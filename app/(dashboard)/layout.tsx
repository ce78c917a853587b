import { getTranslations } from 'next-intl/server';
import { DashboardNav } from '@/components/dashboard/dashboard-nav';
import { SignOutButton } from '@/components/dashboard/sign-out-button';
import { Logo } from '@/components/logo';
import { requireUser } from '@/lib/auth/session';

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const [user, t] = await Promise.all([requireUser(), getTranslations('dashboard')]);
  const labels = {
    nav: t('nav.label'),
    links: { '/dashboard': t('nav.dashboard'), '/billing': t('nav.billing'), '/premium': t('nav.premium'), '/account': t('nav.account') },
  };
  return (
    <div className="flex-1">
      <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        {/* Wraps on narrow screens: the French labels are longer than the English ones. */}
        <div className="mx-auto flex min-h-16 max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-6 py-3">
          <Logo href="/dashboard" />
          <DashboardNav labels={labels} />
          <div className="ml-auto flex items-center gap-3">
            <span className="hidden text-sm text-zinc-500 sm:inline dark:text-zinc-400">{user.email}</span>
            <SignOutButton label={t('signOut')} />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-5xl px-6 py-10">{children}</main>
    </div>
  );
}
