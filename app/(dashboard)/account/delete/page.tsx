import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { DeleteAccountForm } from '@/components/account/delete-account-form';
import { deleteAccountLabels } from '@/components/account/delete-account-labels';
import { peekAccountToken } from '@/lib/auth/account-tokens';
import { requireUser } from '@/lib/auth/session';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('account.deletePage');
  return { title: t('title') };
}

/** The mailed deletion link of an account without a password; the form's action spends it. */
export default async function DeleteAccountPage({ searchParams }: PageProps<'/account/delete'>) {
  const { token } = await searchParams;
  const user = await requireUser('/account');
  const link = typeof token === 'string' ? await peekAccountToken(token, 'delete_account') : null;
  const usable = link !== null && link.userId === user.id && typeof token === 'string';
  const t = await getTranslations('account.deletePage');
  return (
    <div className="max-w-xl space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">{t('heading')}</h1>
      {usable ? (
        <section className="rounded-2xl border border-red-200 bg-white p-6 dark:border-red-900 dark:bg-zinc-900">
          <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">{t('body')}</p>
          <DeleteAccountForm hasPassword={false} token={token} labels={await deleteAccountLabels()} />
        </section>
      ) : (
        <p role="status" className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800 dark:bg-amber-950/40 dark:text-amber-300">
          {t('linkInvalid')}{' '}
          <Link href="/account" className="font-medium underline">
            {t('back')}
          </Link>
        </p>
      )}
    </div>
  );
}
