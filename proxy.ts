import { NextResponse, type NextRequest } from 'next/server';
import { readSession, reissuedSessionCookie } from '@/lib/auth/read-session';
import { issueSessionPass, SESSION_PASS_HEADER } from '@/lib/auth/session-pass';
import { sessionCookieNames } from '@/lib/auth/session-token';
import { bareProxyRequested } from '@/lib/bench-only/bare-proxy';
import { checkGate } from '@/lib/entitlements/gate';
import { GATE_PASS_HEADER, issueGatePass } from '@/lib/entitlements/gate-pass';
import { routes, type RouteTable } from '@/lib/entitlements/routes';
import { env } from '@/lib/env';
import { createNonce, pageContentSecurityPolicy, type PagePolicyOptions } from '@/lib/security-headers';

// Next.js 16 renamed middleware.ts to proxy.ts; it runs on the Node.js runtime, so it can read
// the session rows and entitlements kept in Postgres. The sign-in rules and gates are the rows of
// lib/entitlements/routes.ts.

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
 * its scripts, so the policy goes on both.
 *
 * Only the paths with sign-in rules or gates read the session (marketing pages get the policy and
 * nothing else): the cookie is opened and its session row checked on every such request, as the
 * `jwt` callback does (lib/auth/read-session.ts). The page gets signed passes for what was checked
 * here (the session; the feature of a gated route), and checks them instead of doing it again.
 */
export default async function proxy(request: NextRequest, context?: unknown): Promise<Response> {
  void context;
  // Always false outside the benchmark build, where it measures a proxy that does nothing.
  if (bareProxyRequested(request)) return NextResponse.next();
  return proxyWith(routes, request);
}

/** The proxy for a given route table: the app's (above), or a test's with a row of its own. */
export async function proxyWith(table: RouteTable, request: NextRequest): Promise<Response> {
  const policy = pageContentSecurityPolicy(createNonce(), policyOptions);
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', policy);
  headers.delete('content-security-policy-report-only');
  // Only the proxy issues passes: whatever a client sent under those names goes.
  headers.delete(SESSION_PASS_HEADER);
  headers.delete(GATE_PASS_HEADER);

  const response = await sessionRules(table, request, headers);
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

/** The sign-in rules and gates, for the paths that have them; the page's request headers are `headers`. */
async function sessionRules(table: RouteTable, request: NextRequest, headers: Headers): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  const rule = table.sessionRule(pathname);
  if (!rule) return NextResponse.next({ request: { headers } });

  const cookieHeader = request.headers.get('cookie');
  const session = await readSession(cookieHeader);
  let response: NextResponse;
  if (!session && rule === 'signed-in') {
    const signInUrl = new URL('/sign-in', request.nextUrl);
    signInUrl.searchParams.set('callbackUrl', `${pathname}${search}`);
    response = NextResponse.redirect(signInUrl);
  } else if (session && rule === 'signed-out') {
    response = NextResponse.redirect(new URL('/dashboard', request.nextUrl));
  } else {
    const decision = session ? await checkGate(session.user.id, pathname, table) : { passed: null };
    if ('redirectTo' in decision) {
      response = NextResponse.redirect(new URL(decision.redirectTo, request.nextUrl));
    } else {
      if (session) headers.set(SESSION_PASS_HEADER, issueSessionPass(session));
      if (session && decision.passed) headers.set(GATE_PASS_HEADER, issueGatePass(session.user.id, decision.passed));
      response = NextResponse.next({ request: { headers } });
    }
  }

  if (session) {
    const reissued = await reissuedSessionCookie(session);
    if (reissued) response.cookies.set(reissued.name, reissued.value, reissued.options);
  } else {
    // A cookie that opens nothing (ended, expired, forged) goes, as Auth.js clears it (browsers
    // take a `__Secure-` cookie, even an empty one, only when it says Secure).
    for (const name of sessionCookieNames(cookieHeader)) {
      response.cookies.set(name, '', { path: '/', maxAge: 0, httpOnly: true, sameSite: 'lax', secure: name.startsWith('__Secure-') });
    }
  }
  return response;
}

export const config = {
  // Every page, and nothing else: route handlers and build assets get next.config.ts's headers.
  // favicon.ico, robots.txt and sitemap.xml stay in: until the app has them they are the
  // not-found page, which is HTML like any other. A literal, as Next.js reads it at build time:
  // tests/entitlements/route-table.test.ts checks that it covers every row of the route table.
  matcher: ['/((?!api(?:/|$)|_next/static/|_next/image).*)'],
};
