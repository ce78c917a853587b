import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { LinkTokenForm } from '@/components/account/link-token-form';
import { peekAccountToken } from '@/lib/auth/account-tokens';
import { verifyEmail } from '@/lib/auth/actions/verify-email';
import { safeCallbackUrl } from '@/lib/auth/callback-url';
import { currentUser } from '@/lib/auth/session';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.verifyEmail');
  return { title: t('metaTitle') };
}

/**
 * Where the verification link lands. The GET only shows the address and a button; the button's
 * action spends the link (mail scanners fetch links on their own).
 */
export default async function VerifyEmailPage({ searchParams }: PageProps<'/verify-email'>) {
  const { token, next } = await searchParams;
  const t = await getTranslations('auth.verifyEmail');
  const user = await currentUser();
  const after = safeCallbackUrl(next);
  const link = typeof token === 'string' ? await peekAccountToken(token, 'verify_email') : null;
  const continueHref = user ? after : `/sign-in?callbackUrl=${encodeURIComponent(after)}`;
  const pricingLink = (chunks: React.ReactNode) => (
    <Link href="/pricing" className="font-medium text-brand-600 hover:underline dark:text-indigo-400">
      {chunks}
    </Link>
  );

  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight">{t('title')}</h1>
      <LinkTokenForm
        action={verifyEmail}
        token={typeof token === 'string' ? token : ''}
        valid={link !== null}
        intro={
          <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">
            {t.rich('intro', {
              email: link?.email ?? '',
              strong: (chunks) => <strong className="text-zinc-900 dark:text-zinc-100">{chunks}</strong>,
            })}
          </p>
        }
        invalid={
          <div className="mt-3 space-y-4 text-sm text-zinc-600 dark:text-zinc-400">
            <p role="status" className="rounded-lg bg-amber-50 px-3 py-2 text-amber-800 dark:bg-amber-950/40 dark:text-amber-300">
              {t('expired')}
            </p>
            <p>{user ? t.rich('askSignedIn', { link: pricingLink }) : t.rich('askSignedOut', { link: pricingLink })}</p>
          </div>
        }
        label={t('submit')}
        pendingLabel={t('submitting')}
        done={{ href: continueHref, label: user ? t('continue') : t('signInToContinue') }}
      />
    </>
  );
}
