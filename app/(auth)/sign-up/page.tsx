import type { Metadata } from 'next';
import { getMessages, getTranslations } from 'next-intl/server';
import { AuthCard } from '@/components/auth/auth-card';
import { SignUpForm } from '@/components/auth/sign-up-form';
import { safeCallbackUrl } from '@/lib/auth/callback-url';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.signUp');
  return { title: t('metaTitle') };
}

export default async function SignUpPage({ searchParams }: PageProps<'/sign-up'>) {
  const { callbackUrl } = await searchParams;
  const t = await getTranslations('auth.signUp');
  const { auth } = await getMessages();
  const next = safeCallbackUrl(callbackUrl);
  return (
    <AuthCard title={t('title')} subtitle={t('subtitle')} callbackUrl={next}>
      <SignUpForm callbackUrl={next} labels={auth.signUp.form} />
    </AuthCard>
  );
}
