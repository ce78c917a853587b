import type { MetadataRoute } from 'next';
import { connection } from 'next/server';
import { siteUrl } from '@/lib/site-url';

/** The pages anyone may visit; the signed-in ones are left out (and disallowed in robots.txt). */
export const PUBLIC_PATHS = ['/', '/pricing', '/sign-up', '/sign-in'] as const;

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  await connection();
  const origin = await siteUrl();
  return PUBLIC_PATHS.map((path) => ({ url: `${origin}${path === '/' ? '' : path}`, changeFrequency: 'monthly' }));
}
