import type { Metadata } from 'next';
import Link from 'next/link';
import { LinkTokenForm } from '@/components/account/link-token-form';
import { peekAccountToken } from '@/lib/auth/account-tokens';
import { verifyEmail } from '@/lib/auth/actions/verify-email';
import { safeCallbackUrl } from '@/lib/auth/callback-url';
import { currentUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Confirm your email address' };

/**
 * Where the verification link lands. The GET only shows the address and a button; the button's
 * action spends the link (mail scanners fetch links on their own).
 */
export default async function VerifyEmailPage({ searchParams }: PageProps<'/verify-email'>) {
  const { token, next } = await searchParams;
  const user = await currentUser();
  const after = safeCallbackUrl(next);
  const link = typeof token === 'string' ? await peekAccountToken(token, 'verify_email') : null;
  const continueHref = user ? after : `/sign-in?callbackUrl=${encodeURIComponent(after)}`;

  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight">Confirm your email address</h1>
      <LinkTokenForm
        action={verifyEmail}
        token={typeof token === 'string' ? token : ''}
        valid={link !== null}
        intro={
          <p className="mt-1 mb-6 text-sm text-zinc-600">
            Confirm that <strong className="text-zinc-900">{link?.email}</strong> is your address.
          </p>
        }
        invalid={
          <div className="mt-3 space-y-4 text-sm text-zinc-600">
            <p role="status" className="rounded-lg bg-amber-50 px-3 py-2 text-amber-800">
              This link has expired or has already been used.
            </p>
            <p>
              {user ? 'Ask for a new one on the ' : 'Sign in, then ask for a new one on the '}
              <Link href="/pricing" className="font-medium text-brand-600 hover:underline">
                pricing page
              </Link>
              . If you already confirmed your address, there is nothing more to do.
            </p>
          </div>
        }
        label="Confirm my email address"
        pendingLabel="Confirming…"
        done={{ href: continueHref, label: user ? 'Continue' : 'Sign in to continue' }}
      />
    </>
  );
}
