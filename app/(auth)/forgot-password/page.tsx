import type { Metadata } from 'next';
import { ForgotPasswordForm } from '@/components/auth/forgot-password-form';

export const metadata: Metadata = { title: 'Reset your password' };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight">Forgot your password?</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600">Enter your account&apos;s email and we will mail you a link to choose a new one.</p>
      <ForgotPasswordForm />
    </>
  );
}
