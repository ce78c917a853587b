import type { Metadata } from 'next';
import { getMessages, getTranslations } from 'next-intl/server';
import { AuthCard } from '@/components/auth/auth-card';
import { SignInForm } from '@/components/auth/sign-in-form';
import { Notice } from '@/components/ui/notice';
import { safeCallbackUrl } from '@/lib/auth/callback-url';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.signIn');
  return { title: t('metaTitle') };
}

type NoticeKey = 'resetDone' | 'verification' | 'accessDenied' | 'failed';

/** What Auth.js's redirects here (`?error=`) and the reset form (`?reset=done`) mean to a person. */
function noticeFor(params: { error?: string | string[]; reset?: string | string[] }): { tone: 'success' | 'danger'; key: NoticeKey } | null {
  if (params.reset === 'done') return { tone: 'success', key: 'resetDone' };
  switch (params.error) {
    case undefined:
      return null;
    case 'Verification':
      return { tone: 'danger', key: 'verification' };
    case 'AccessDenied':
      return { tone: 'danger', key: 'accessDenied' };
    default:
      return { tone: 'danger', key: 'failed' };
  }
}

export default async function SignInPage({ searchParams }: PageProps<'/sign-in'>) {
  const params = await searchParams;
  const t = await getTranslations('auth.signIn');
  const { auth } = await getMessages();
  const next = safeCallbackUrl(params.callbackUrl);
  const notice = noticeFor(params);
  return (
    <AuthCard title={t('title')} subtitle={t('subtitle')} callbackUrl={next}>
      {notice ? (
        <div className="mb-6" data-testid="sign-in-notice">
          <Notice tone={notice.tone}>{t(`notice.${notice.key}`)}</Notice>
        </div>
      ) : null}
      <SignInForm callbackUrl={next} labels={auth.signIn.form} />
    </AuthCard>
  );
}
