import NextAuth from 'next-auth';
import { NextResponse } from 'next/server';
import { authConfig } from '@/lib/auth/config';
import { checkGate } from '@/lib/billing/features';
import { GATE_PASS_HEADER, issueGatePass } from '@/lib/billing/gate-pass';

// Next.js 16 renamed middleware.ts to proxy.ts; it runs on the Node.js runtime, so it can read
// the entitlements that the webhook sync keeps in Postgres.
const { auth } = NextAuth(authConfig);

const SIGNED_IN_ONLY = ['/dashboard', '/account', '/billing', '/checkout', '/premium', '/basic'];
const SIGNED_OUT_ONLY = ['/sign-in', '/sign-up'];

function startsWithAny(pathname: string, prefixes: string[]): boolean {
  return prefixes.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

export default auth(async (request) => {
  const { pathname, search } = request.nextUrl;
  const userId = request.auth?.user?.id;

  if (!userId && startsWithAny(pathname, SIGNED_IN_ONLY)) {
    const signInUrl = new URL('/sign-in', request.nextUrl);
    signInUrl.searchParams.set('callbackUrl', `${pathname}${search}`);
    return NextResponse.redirect(signInUrl);
  }
  if (userId && startsWithAny(pathname, SIGNED_OUT_ONLY)) {
    return NextResponse.redirect(new URL('/dashboard', request.nextUrl));
  }
  // Only the proxy issues gate passes: whatever a client sent under that name goes.
  const headers = new Headers(request.headers);
  headers.delete(GATE_PASS_HEADER);
  if (userId) {
    const decision = await checkGate(userId, pathname);
    if ('redirectTo' in decision) return NextResponse.redirect(new URL(decision.redirectTo, request.nextUrl));
    if (decision.passed) headers.set(GATE_PASS_HEADER, issueGatePass(userId, decision.passed));
  }
  return NextResponse.next({ request: { headers } });
});

export const config = {
  matcher: ['/dashboard/:path*', '/account/:path*', '/billing/:path*', '/checkout/:path*', '/premium/:path*', '/basic/:path*', '/sign-in', '/sign-up'],
};
