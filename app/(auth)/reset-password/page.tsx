import type { Metadata } from 'next';
import Link from 'next/link';
import { getMessages, getTranslations } from 'next-intl/server';
import { ResetPasswordForm } from '@/components/auth/reset-password-form';
import { checkResetToken } from '@/lib/auth/password-reset';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.resetPassword');
  return { title: t('metaTitle'), referrer: 'no-referrer' };
}

// Opening the link spends nothing (mail scanners fetch links before people do): the form's
// submit does (lib/auth/password-reset.ts).
export default async function ResetPasswordPage({ searchParams }: PageProps<'/reset-password'>) {
  const { token } = await searchParams;
  const t = await getTranslations('auth.resetPassword');
  const live = typeof token === 'string' ? await checkResetToken(token) : null;
  if (!live || typeof token !== 'string') {
    return (
      <>
        <h1 className="text-xl font-semibold tracking-tight">{t('deadTitle')}</h1>
        <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">{t('deadBody')}</p>
        <Link href="/forgot-password" className="font-medium text-brand-600 hover:underline dark:text-indigo-400">
          {t('deadAction')}
        </Link>
      </>
    );
  }
  const { auth } = await getMessages();
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight">{t('title')}</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">
        {t.rich('intro', {
          email: live.email,
          strong: (chunks) => <strong className="text-zinc-900 dark:text-zinc-100">{chunks}</strong>,
        })}
      </p>
      <ResetPasswordForm token={token} email={live.email} labels={auth.resetPassword.form} />
    </>
  );
}
