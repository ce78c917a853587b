// GET, POST /api/auth/* – Auth.js sign-in, callback, session and sign-out endpoints
import { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth';
import { env } from '@/lib/env';
import { observeSignInRefusal } from '@/lib/auth/rate-limits';
import { payloadTooLarge, readBodyWithLimit } from '@/lib/http/read-body';

/**
 * What Auth.js is posted is a small form: a CSRF token (~100 bytes), an email (at most 320
 * characters), a password (at most 128) and a callback URL, each up to 9 bytes per character
 * once percent-encoded. 32 KiB holds the largest legitimate one several times over; Auth.js
 * itself would otherwise read any size.
 */
const AUTH_MAX_BODY_BYTES = 32 * 1024;

/**
 * Auth.js builds its redirects and links from the URL of the request it is handed. Behind
 * `next start` that is the server's own address (`http://localhost:<port>`), not the site's, and
 * next-auth's own AUTH_URL rewrite does not see the value set at start-up. A production server
 * hands Auth.js the request on the configured origin, as next-auth does for AUTH_URL.
 */
function onSiteOrigin(url: string): string {
  if (!env.production || !env.siteUrl) return url;
  const given = new URL(url);
  const site = new URL(env.siteUrl);
  given.protocol = site.protocol;
  given.host = site.host;
  return given.toString();
}

export function GET(request: NextRequest): Promise<Response> {
  return handlers.GET(new NextRequest(onSiteOrigin(request.url), request));
}

export async function POST(request: NextRequest): Promise<Response> {
  const body = await readBodyWithLimit(request, AUTH_MAX_BODY_BYTES);
  if (!body.ok) return payloadTooLarge(AUTH_MAX_BODY_BYTES);
  const buffered = new NextRequest(onSiteOrigin(request.url), { method: request.method, headers: request.headers, body: body.bytes });
  const { response, retryAfterSeconds } = await observeSignInRefusal(() => handlers.POST(buffered));
  if (retryAfterSeconds === undefined) return response;
  // Auth.js would redirect a refused attempt to the sign-in page like a wrong password; a client
  // hammering this endpoint should learn that it is being limited, and for how long.
  return Response.json(
    { error: 'Too many sign-in attempts. Try again later.' },
    { status: 429, headers: { 'retry-after': String(retryAfterSeconds), 'cache-control': 'no-store' } },
  );
}
