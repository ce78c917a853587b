import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { LinkTokenForm } from '@/components/account/link-token-form';
import { peekAccountToken } from '@/lib/auth/account-tokens';
import { confirmEmailChange } from '@/lib/auth/actions/confirm-email-change';
import { currentUser } from '@/lib/auth/session';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.newAddress');
  return { title: t('metaTitle') };
}

/** Where the link mailed to a new address lands; the button, not the GET, makes the change. */
export default async function ConfirmNewEmailPage({ searchParams }: PageProps<'/verify-email/new-address'>) {
  const { token } = await searchParams;
  const t = await getTranslations('auth.newAddress');
  const user = await currentUser();
  const link = typeof token === 'string' ? await peekAccountToken(token, 'change_email') : null;
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight">{t('title')}</h1>
      <LinkTokenForm
        action={confirmEmailChange}
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
            <p>
              {t.rich('askAgain', {
                link: (chunks) => (
                  <Link href="/account" className="font-medium text-brand-600 hover:underline dark:text-indigo-400">
                    {chunks}
                  </Link>
                ),
              })}
            </p>
          </div>
        }
        label={t('submit')}
        pendingLabel={t('submitting')}
        done={user ? { href: '/account', label: t('backToAccount') } : { href: '/sign-in?callbackUrl=%2Faccount', label: t('signIn') }}
      />
    </>
  );
}
