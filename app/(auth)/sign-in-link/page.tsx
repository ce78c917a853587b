import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { safeCallbackUrl } from '@/lib/auth/callback-url';
import { MAGIC_LINK_PROVIDER_ID, magicLinkIsLive } from '@/lib/auth/magic-link';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.signInLink');
  return { title: t('metaTitle'), referrer: 'no-referrer' };
}

/**
 * Where a mailed sign-in link opens. Opening it spends nothing (mail scanners fetch links
 * before people do); the button posts the token to Auth.js's email callback, which spends it
 * and signs in (lib/auth/magic-link.ts).
 */
export default async function SignInLinkPage({ searchParams }: PageProps<'/sign-in-link'>) {
  const { token, email, callbackUrl } = await searchParams;
  const t = await getTranslations('auth.signInLink');
  const params = typeof token === 'string' && typeof email === 'string' ? { token, email } : null;
  if (!params || !(await magicLinkIsLive(params))) {
    return (
      <>
        <h1 className="text-xl font-semibold tracking-tight">{t('deadTitle')}</h1>
        <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">{t('deadBody')}</p>
        <Link href="/sign-in" className="font-medium text-brand-600 hover:underline dark:text-indigo-400">
          {t('deadAction')}
        </Link>
      </>
    );
  }
  const query = new URLSearchParams({ ...params, callbackUrl: safeCallbackUrl(callbackUrl) });
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight">{t('title')}</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">
        {t.rich('intro', {
          email: params.email,
          strong: (chunks) => <strong className="text-zinc-900 dark:text-zinc-100">{chunks}</strong>,
        })}
      </p>
      <form method="post" action={`/api/auth/callback/${MAGIC_LINK_PROVIDER_ID}?${query}`}>
        <Button type="submit" className="w-full">
          {t('submit')}
        </Button>
      </form>
    </>
  );
}
