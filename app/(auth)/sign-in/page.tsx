import type { Metadata } from 'next';
import { AuthCard } from '@/components/auth/auth-card';
import { SignInForm } from '@/components/auth/sign-in-form';
import { safeCallbackUrl } from '@/lib/auth/callback-url';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: PageProps<'/sign-in'>) {
  const { callbackUrl } = await searchParams;
  const next = safeCallbackUrl(callbackUrl);
  return (
    <AuthCard title="Welcome back" subtitle="Sign in to your account." callbackUrl={next}>
      <SignInForm callbackUrl={next} />
    </AuthCard>
  );
}
