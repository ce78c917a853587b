import 'server-only';
import { siteUrl } from '@/lib/site-url';

/**
 * An absolute link for a mail, on the site's configured origin (lib/site-url.ts): production
 * never takes it from the request, so a forged Host or X-Forwarded-Host cannot send a reset
 * link, token and all, to someone else's server.
 */
export async function mailLink(path: string, params: Record<string, string> = {}): Promise<string> {
  const url = new URL(path, `${await siteUrl()}/`);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}
