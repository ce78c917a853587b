import type { Metadata } from 'next';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { safeCallbackUrl } from '@/lib/auth/callback-url';
import { MAGIC_LINK_PROVIDER_ID, magicLinkIsLive } from '@/lib/auth/magic-link';

export const metadata: Metadata = { title: 'Sign in with your link', referrer: 'no-referrer' };

/**
 * Where a mailed sign-in link opens. Opening it spends nothing (mail scanners fetch links
 * before people do); the button posts the token to Auth.js's email callback, which spends it
 * and signs in (lib/auth/magic-link.ts).
 */
export default async function SignInLinkPage({ searchParams }: PageProps<'/sign-in-link'>) {
  const { token, email, callbackUrl } = await searchParams;
  const params = typeof token === 'string' && typeof email === 'string' ? { token, email } : null;
  if (!params || !(await magicLinkIsLive(params))) {
    return (
      <>
        <h1 className="text-xl font-semibold tracking-tight">This sign-in link no longer works</h1>
        <p className="mt-1 mb-6 text-sm text-zinc-600">Sign-in links work once, for 15 minutes. Ask for a new one on the sign-in page.</p>
        <Link href="/sign-in" className="font-medium text-brand-600 hover:underline">
          Go to sign in
        </Link>
      </>
    );
  }
  const query = new URLSearchParams({ ...params, callbackUrl: safeCallbackUrl(callbackUrl) });
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight">Sign in to Entitle</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600">
        As <strong className="text-zinc-900">{params.email}</strong>.
      </p>
      <form method="post" action={`/api/auth/callback/${MAGIC_LINK_PROVIDER_ID}?${query}`}>
        <Button type="submit" className="w-full">
          Sign in
        </Button>
      </form>
    </>
  );
}
