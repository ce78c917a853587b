import type { Metadata } from 'next';
import Link from 'next/link';
import { LinkTokenForm } from '@/components/account/link-token-form';
import { peekAccountToken } from '@/lib/auth/account-tokens';
import { confirmEmailChange } from '@/lib/auth/actions/confirm-email-change';
import { currentUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Confirm your new email address' };

/** Where the link mailed to a new address lands; the button, not the GET, makes the change. */
export default async function ConfirmNewEmailPage({ searchParams }: PageProps<'/verify-email/new-address'>) {
  const { token } = await searchParams;
  const user = await currentUser();
  const link = typeof token === 'string' ? await peekAccountToken(token, 'change_email') : null;
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight">Confirm your new email address</h1>
      <LinkTokenForm
        action={confirmEmailChange}
        token={typeof token === 'string' ? token : ''}
        valid={link !== null}
        intro={
          <p className="mt-1 mb-6 text-sm text-zinc-600">
            Use <strong className="text-zinc-900">{link?.email}</strong> for your account from now on.
          </p>
        }
        invalid={
          <div className="mt-3 space-y-4 text-sm text-zinc-600">
            <p role="status" className="rounded-lg bg-amber-50 px-3 py-2 text-amber-800">
              This link has expired or has already been used.
            </p>
            <p>
              <Link href="/account" className="font-medium text-brand-600 hover:underline">
                Ask for a new one from your account page
              </Link>
              .
            </p>
          </div>
        }
        label="Use this address"
        pendingLabel="Changing…"
        done={user ? { href: '/account', label: 'Back to your account' } : { href: '/sign-in?callbackUrl=%2Faccount', label: 'Sign in' }}
      />
    </>
  );
}
