import { getTranslations } from 'next-intl/server';
import { githubSignInEnabled } from '@/lib/auth';
import { GitHubButton } from './github-button';

/** The frame of the sign-in and sign-up pages: heading, the optional GitHub button, then the form. */
export async function AuthCard({
  title,
  subtitle,
  callbackUrl,
  children,
}: {
  title: string;
  subtitle: string;
  callbackUrl?: string;
  children: React.ReactNode;
}) {
  const t = await getTranslations('auth.card');
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">{subtitle}</p>
      {githubSignInEnabled ? (
        <div className="mb-6 space-y-6">
          <GitHubButton callbackUrl={callbackUrl} label={t('github')} />
          <div className="flex items-center gap-3 text-xs text-zinc-500 dark:text-zinc-400">
            <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" /> {t('orWithEmail')} <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
          </div>
        </div>
      ) : null}
      {children}
    </>
  );
}
