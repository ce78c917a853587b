import type { Metadata } from 'next';
import { AuthCard } from '@/components/auth/auth-card';
import { SignInForm } from '@/components/auth/sign-in-form';
import { Notice } from '@/components/ui/notice';
import { safeCallbackUrl } from '@/lib/auth/callback-url';

export const metadata: Metadata = { title: 'Sign in' };

/** What Auth.js's redirects here (`?error=`) and the reset form (`?reset=done`) mean to a person. */
function noticeFor(params: { error?: string | string[]; reset?: string | string[] }): { tone: 'success' | 'danger'; text: string } | null {
  if (params.reset === 'done') return { tone: 'success', text: 'Your password is changed and every device was signed out. Sign in with the new password.' };
  switch (params.error) {
    case undefined:
      return null;
    case 'Verification':
      return { tone: 'danger', text: 'That sign-in link has expired or was already used. Ask for a new one below.' };
    case 'AccessDenied':
      return { tone: 'danger', text: 'That link cannot sign you in. No account uses its address: create one first.' };
    default:
      return { tone: 'danger', text: 'Signing in did not work. Please try again.' };
  }
}

export default async function SignInPage({ searchParams }: PageProps<'/sign-in'>) {
  const params = await searchParams;
  const next = safeCallbackUrl(params.callbackUrl);
  const notice = noticeFor(params);
  return (
    <AuthCard title="Welcome back" subtitle="Sign in to your account." callbackUrl={next}>
      {notice ? (
        <div className="mb-6" data-testid="sign-in-notice">
          <Notice tone={notice.tone}>{notice.text}</Notice>
        </div>
      ) : null}
      <SignInForm callbackUrl={next} />
    </AuthCard>
  );
}
