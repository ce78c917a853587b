import NextAuth from 'next-auth';
import { NextResponse, type NextRequest } from 'next/server';
import { authConfig } from '@/lib/auth/config';
import { bareProxyRequested } from '@/lib/bench-only/bare-proxy';
import { checkGate } from '@/lib/billing/features';
import { GATE_PASS_HEADER, issueGatePass } from '@/lib/billing/gate-pass';
import { env } from '@/lib/env';
import { createNonce, pageContentSecurityPolicy, type PagePolicyOptions } from '@/lib/security-headers';

// Next.js 16 renamed middleware.ts to proxy.ts; it runs on the Node.js runtime, so it can read
// the entitlements that the webhook sync keeps in Postgres.
const { auth } = NextAuth(authConfig);

const SIGNED_IN_ONLY = ['/dashboard', '/account', '/billing', '/checkout', '/premium', '/basic'];
const SIGNED_OUT_ONLY = ['/sign-in', '/sign-up'];

function startsWithAny(pathname: string, prefixes: string[]): boolean {
  return prefixes.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

const signInAndGates = auth(async (request) => {
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

// Everything the pages load or are sent to, fixed for the life of the process.
const policyOptions: PagePolicyOptions = {
  development: env.runtime === 'development',
  https: env.siteUrl?.startsWith('https://') ?? false,
  formActions: [
    // Checkout and the billing portal are redirects from Server Actions.
    ...(env.stripe.emulatorUrl ? [new URL(env.stripe.emulatorUrl).origin] : ['https://checkout.stripe.com', 'https://billing.stripe.com']),
    ...(env.githubAuth ? ['https://github.com'] : []),
  ],
  stripeJs: env.CHECKOUT_UI === 'elements' && env.stripe.mode === 'stripe',
};

/**
 * Every page gets a Content-Security-Policy with a nonce of its own. Next.js takes the nonce from
 * the policy on the request (whatever a client sent under that name is replaced) and puts it on
 * its scripts, so the policy goes on both. Only the paths with sign-in rules or gates pay for
 * reading the session; marketing pages get the policy and nothing else.
 */
export default async function proxy(request: NextRequest, context: Parameters<typeof signInAndGates>[1]): Promise<Response> {
  // Always false outside the benchmark build, where it measures a proxy that does nothing.
  if (bareProxyRequested(request)) return NextResponse.next();
  const policy = pageContentSecurityPolicy(createNonce(), policyOptions);
  request.headers.set('content-security-policy', policy);
  request.headers.delete('content-security-policy-report-only');

  let response: Response;
  if (startsWithAny(request.nextUrl.pathname, [...SIGNED_IN_ONLY, ...SIGNED_OUT_ONLY])) {
    // It forwards the request's headers (the policy among them) to the page.
    response = (await signInAndGates(request, context)) ?? NextResponse.next({ request: { headers: request.headers } });
  } else {
    const headers = new Headers(request.headers);
    headers.delete(GATE_PASS_HEADER);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  // Every page, and nothing else: route handlers and build assets get next.config.ts's headers.
  // favicon.ico, robots.txt and sitemap.xml stay in: until the app has them they are the
  // not-found page, which is HTML like any other.
  matcher: ['/((?!api(?:/|$)|_next/static/|_next/image).*)'],
};
