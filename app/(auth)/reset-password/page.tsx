import type { Metadata } from 'next';
import Link from 'next/link';
import { ResetPasswordForm } from '@/components/auth/reset-password-form';
import { checkResetToken } from '@/lib/auth/password-reset';

export const metadata: Metadata = { title: 'Choose a new password', referrer: 'no-referrer' };

// Opening the link spends nothing (mail scanners fetch links before people do): the form's
// submit does (lib/auth/password-reset.ts).
export default async function ResetPasswordPage({ searchParams }: PageProps<'/reset-password'>) {
  const { token } = await searchParams;
  const live = typeof token === 'string' ? await checkResetToken(token) : null;
  if (!live || typeof token !== 'string') {
    return (
      <>
        <h1 className="text-xl font-semibold tracking-tight">This link no longer works</h1>
        <p className="mt-1 mb-6 text-sm text-zinc-600">
          Reset links work once, for one hour, and none works after the password was reset. Ask for a new one and use the link in that mail.
        </p>
        <Link href="/forgot-password" className="font-medium text-brand-600 hover:underline">
          Send a new reset link
        </Link>
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight">Choose a new password</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600">
        For <strong className="text-zinc-900">{live.email}</strong>. Every device signed in to this account will be signed out.
      </p>
      <ResetPasswordForm token={token} email={live.email} />
    </>
  );
}
