// GET, POST /api/auth/* – Auth.js sign-in, callback, session and sign-out endpoints
import { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth';
import { observeSignInRefusal } from '@/lib/auth/rate-limits';
import { withoutEndedSession } from '@/lib/auth/ended-session';
import { payloadTooLarge, readBodyWithLimit } from '@/lib/http/read-body';

/**
 * What Auth.js is posted is a small form: a CSRF token (~100 bytes), an email (at most 320
 * characters), a password (at most 128) and a callback URL, each up to 9 bytes per character
 * once percent-encoded. 32 KiB holds the largest legitimate one several times over; Auth.js
 * itself would otherwise read any size.
 */
const AUTH_MAX_BODY_BYTES = 32 * 1024;

export async function GET(request: NextRequest): Promise<Response> {
  const headers = await withoutEndedSession(request.headers);
  return handlers.GET(headers === request.headers ? request : new NextRequest(request.url, { method: request.method, headers }));
}

export async function POST(request: NextRequest): Promise<Response> {
  const body = await readBodyWithLimit(request, AUTH_MAX_BODY_BYTES);
  if (!body.ok) return payloadTooLarge(AUTH_MAX_BODY_BYTES);
  const headers = await withoutEndedSession(request.headers);
  const buffered = new NextRequest(request.url, { method: request.method, headers, body: body.bytes });
  const { response, retryAfterSeconds } = await observeSignInRefusal(() => handlers.POST(buffered));
  if (retryAfterSeconds === undefined) return response;
  // Auth.js would redirect a refused attempt to the sign-in page like a wrong password; a client
  // hammering this endpoint should learn that it is being limited, and for how long.
  return Response.json(
    { error: 'Too many sign-in attempts. Try again later.' },
    { status: 429, headers: { 'retry-after': String(retryAfterSeconds), 'cache-control': 'no-store' } },
  );
}
