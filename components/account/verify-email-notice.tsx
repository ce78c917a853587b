import { getTranslations } from 'next-intl/server';
import { ActionButton } from '@/components/billing/action-button';
import { resendVerification } from '@/lib/auth/actions/resend-verification';

/** Shown where an unverified user would pay: what to do first, and a way to get a new link. */
export async function VerifyEmailNotice({ email }: { email: string | null }) {
  const t = await getTranslations('account.verifyEmail');
  return (
    <div
      className="rounded-xl border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-800 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-300"
      data-testid="verify-email-notice"
    >
      <p className="font-medium">{t('heading')}</p>
      <p className="mt-1 mb-3">{email ? t.rich('body', { email, strong: (chunks) => <strong>{chunks}</strong> }) : t('bodyNoEmail')}</p>
      <ActionButton action={resendVerification} label={t('resend')} pendingLabel={t('pending')} />
    </div>
  );
}
