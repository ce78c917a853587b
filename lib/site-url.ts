import 'server-only';
import { headers } from 'next/headers';
import { env, type Env } from '@/lib/env';

type SiteConfig = Pick<Env, 'siteUrl' | 'production'>;

// A Host header as browsers send it: a DNS name or IPv4 address, or a bracketed IPv6 one, and a port.
const HOST_HEADER = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The site's absolute origin for Stripe's success, cancel and return URLs. Production uses only
 * the configured origin (lib/env.ts refuses to start without one), never a request header: a
 * client sets X-Forwarded-Host (and, behind a proxy that passes it on, Host) to anything, and
 * Stripe would then send the paying user to that host. Development may fall back to the Host
 * the request came in on, so `npm run dev` works on any port with nothing configured.
 */
export function resolveSiteUrl(config: SiteConfig, request: { host: string | null; https: boolean } | undefined): string {
  if (config.siteUrl) return config.siteUrl;
  if (config.production) throw new Error('NEXT_PUBLIC_SITE_URL is not set: a production server never takes its URL from a request');
  if (request?.host && HOST_HEADER.test(request.host)) return `${request.https ? 'https' : 'http'}://${request.host}`;
  throw new Error('Cannot tell the site URL: set NEXT_PUBLIC_SITE_URL');
}

export async function siteUrl(): Promise<string> {
  if (env.siteUrl || env.production) return resolveSiteUrl(env, undefined);
  const h = await headers();
  return resolveSiteUrl(env, { host: h.get('host'), https: h.get('x-forwarded-proto') === 'https' });
}
