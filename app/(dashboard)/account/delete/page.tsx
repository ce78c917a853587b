import type { Metadata } from 'next';
import Link from 'next/link';
import { DeleteAccountForm } from '@/components/account/delete-account-form';
import { peekAccountToken } from '@/lib/auth/account-tokens';
import { requireUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Delete your account' };

/** The mailed deletion link of an account without a password; the form's action spends it. */
export default async function DeleteAccountPage({ searchParams }: PageProps<'/account/delete'>) {
  const { token } = await searchParams;
  const user = await requireUser('/account');
  const link = typeof token === 'string' ? await peekAccountToken(token, 'delete_account') : null;
  const usable = link !== null && link.userId === user.id && typeof token === 'string';
  return (
    <div className="max-w-xl space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Delete your account</h1>
      {usable ? (
        <section className="rounded-2xl border border-red-200 bg-white p-6">
          <p className="mb-4 text-sm text-zinc-600">
            This cancels your subscription at once, without a refund for the rest of the period, and removes your account and its
            data. It cannot be undone.
          </p>
          <DeleteAccountForm hasPassword={false} token={token} />
        </section>
      ) : (
        <p role="status" className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800">
          This link has expired, has already been used, or is for another account.{' '}
          <Link href="/account" className="font-medium underline">
            Back to your account
          </Link>
        </p>
      )}
    </div>
  );
}
