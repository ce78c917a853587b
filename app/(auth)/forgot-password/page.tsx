import type { Metadata } from 'next';
import { getMessages, getTranslations } from 'next-intl/server';
import { ForgotPasswordForm } from '@/components/auth/forgot-password-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.forgotPassword');
  return { title: t('metaTitle') };
}

export default async function ForgotPasswordPage() {
  const t = await getTranslations('auth.forgotPassword');
  const { auth } = await getMessages();
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight">{t('title')}</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">{t('intro')}</p>
      <ForgotPasswordForm labels={auth.forgotPassword.form} />
    </>
  );
}
