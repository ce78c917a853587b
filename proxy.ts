import NextAuth from 'next-auth';
import { NextResponse } from 'next/server';
import { authConfig } from '@/lib/auth/config';

// Next.js 16 renamed middleware.ts to proxy.ts; it runs on the Node.js runtime.
const { auth } = NextAuth(authConfig);

const SIGNED_IN_ONLY = ['/dashboard', '/billing', '/premium', '/basic'];
const SIGNED_OUT_ONLY = ['/sign-in', '/sign-up'];

function startsWithAny(pathname: string, prefixes: string[]): boolean {
  return prefixes.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

export default auth((request) => {
  const { pathname, search } = request.nextUrl;
  const signedIn = Boolean(request.auth?.user?.id);

  if (!signedIn && startsWithAny(pathname, SIGNED_IN_ONLY)) {
    const signInUrl = new URL('/sign-in', request.nextUrl);
    signInUrl.searchParams.set('callbackUrl', `${pathname}${search}`);
    return NextResponse.redirect(signInUrl);
  }
  if (signedIn && startsWithAny(pathname, SIGNED_OUT_ONLY)) {
    return NextResponse.redirect(new URL('/dashboard', request.nextUrl));
  }
  return NextResponse.next();
});

export const config = {
  matcher: ['/dashboard/:path*', '/billing/:path*', '/premium/:path*', '/basic/:path*', '/sign-in', '/sign-up'],
};
