import type { MetadataRoute } from 'next';
import { connection } from 'next/server';
import { siteUrl } from '@/lib/site-url';

// Signed-in pages, checkout and the API are nobody's search result.
const PRIVATE = ['/dashboard', '/billing', '/account', '/premium', '/basic', '/checkout', '/api/', '/dev/'];

export default async function robots(): Promise<MetadataRoute.Robots> {
  // The origin is the deployment's own (NEXT_PUBLIC_SITE_URL), known at request time, not at build.
  await connection();
  const origin = await siteUrl();
  return {
    rules: { userAgent: '*', allow: '/', disallow: PRIVATE },
    sitemap: `${origin}/sitemap.xml`,
  };
}
