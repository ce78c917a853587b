import 'server-only';
import { headers } from 'next/headers';
import { env } from '@/lib/env';

type UrlEnv = Pick<typeof env, 'NEXT_PUBLIC_SITE_URL' | 'VERCEL_ENV' | 'VERCEL_URL' | 'VERCEL_PROJECT_PRODUCTION_URL'>;

/**
 * The site's absolute origin for Stripe's success, cancel and return URLs: NEXT_PUBLIC_SITE_URL,
 * else the deployment's own URL on Vercel (each preview deployment gets its own), else the
 * origin the request came in on.
 */
export function resolveSiteUrl(source: UrlEnv, requestOrigin: string | undefined): string {
  if (source.NEXT_PUBLIC_SITE_URL) return source.NEXT_PUBLIC_SITE_URL.replace(/\/+$/, '');
  const vercelHost =
    source.VERCEL_ENV === 'production' ? (source.VERCEL_PROJECT_PRODUCTION_URL ?? source.VERCEL_URL) : source.VERCEL_URL;
  if (vercelHost) return `https://${vercelHost}`;
  if (requestOrigin) return requestOrigin;
  throw new Error('Cannot tell the site URL: set NEXT_PUBLIC_SITE_URL');
}

export async function siteUrl(): Promise<string> {
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host');
  const proto = h.get('x-forwarded-proto') ?? (host?.startsWith('localhost') || host?.startsWith('127.') ? 'http' : 'https');
  return resolveSiteUrl(env, host ? `${proto}://${host}` : undefined);
}
