import type { Metadata } from 'next';
import { AuthCard } from '@/components/auth/auth-card';
import { SignUpForm } from '@/components/auth/sign-up-form';
import { safeCallbackUrl } from '@/lib/auth/callback-url';

export const metadata: Metadata = { title: 'Create your account' };

export default async function SignUpPage({ searchParams }: PageProps<'/sign-up'>) {
  const { callbackUrl } = await searchParams;
  const next = safeCallbackUrl(callbackUrl);
  return (
    <AuthCard title="Create your account" subtitle="Start with Basic or Premium in a minute." callbackUrl={next}>
      <SignUpForm callbackUrl={next} />
    </AuthCard>
  );
}
