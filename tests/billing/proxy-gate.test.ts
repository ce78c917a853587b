import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { FEATURES } from '@/lib/billing/plans';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { landingPathFor } from '@/lib/entitlements/gate';
import { GATE_PASS_HEADER, isValidGatePass, issueGatePass } from '@/lib/entitlements/gate-pass';
import { ROUTE_ROWS, routeTable, type RouteTable } from '@/lib/entitlements/routes';
import proxy, { proxyWith } from '@/proxy';
import { signInThroughAuthJs } from '../support/auth-client';
import { createTestUser, subscribe, testStripe } from '../support/billing-harness';

const { emulator } = await vi.hoisted(() => import('../support/billing-harness').then((m) => m.startBillingEmulator()));

beforeAll(async () => {
  await setupCatalog(await testStripe());
  return () => emulator.stop();
});

/** Runs the real proxy.ts on a request, as Next.js does before rendering a route. */
async function run(path: string, sessionCookie?: string | null, extra: Record<string, string> = {}, table?: RouteTable): Promise<Response> {
  // What Next.js's server sets on every request; Auth.js derives the session URL from them.
  const headers = new Headers({ host: 'localhost:3000', 'x-forwarded-proto': 'http', ...extra });
  if (sessionCookie) headers.set('cookie', sessionCookie.split(';')[0] ?? '');
  const request = new NextRequest(`http://localhost:3000${path}`, { headers });
  const response = table ? await proxyWith(table, request) : await proxy(request, { params: Promise.resolve({}) });
  if (!response) throw new Error('the proxy returned nothing');
  return response;
}

async function visit(path: string, sessionCookie?: string | null, table?: RouteTable): Promise<{ status: number; location: string | null }> {
  const response = await run(path, sessionCookie, {}, table);
  const location = response.headers.get('location');
  return { status: response.status, location: location ? location.replace('http://localhost:3000', '') : null };
}

/** The gate pass the proxy forwards to the page (Next.js carries request headers this way), if any. */
async function forwardedPass(path: string, sessionCookie: string, sent?: string, table?: RouteTable): Promise<string | null> {
  const response = await run(path, sessionCookie, sent ? { [GATE_PASS_HEADER]: sent } : {}, table);
  const overridden = response.headers.get('x-middleware-override-headers')?.split(',') ?? [];
  return overridden.includes(GATE_PASS_HEADER) ? response.headers.get(`x-middleware-request-${GATE_PASS_HEADER}`) : null;
}

describe('proxy.ts', () => {
  it('sends signed-out visitors to sign-in with the page they asked for', async () => {
    expect(await visit('/premium/reports')).toEqual({ status: 307, location: '/sign-in?callbackUrl=%2Fpremium%2Freports' });
    expect(await visit('/billing')).toMatchObject({ location: '/sign-in?callbackUrl=%2Fbilling' });
  });

  it('lets a Basic subscriber into /basic and turns them away from /premium with a reason', async () => {
    const userId = await createTestUser('gate-basic@example.com');
    const { sessionCookie } = await signInThroughAuthJs('gate-basic@example.com', 'password123');
    expect(await visit('/basic', sessionCookie)).toMatchObject({ location: '/pricing?reason=basic&from=%2Fbasic' });

    await subscribe(emulator, userId, 'basic');
    expect(await visit('/basic', sessionCookie)).toEqual({ status: 200, location: null });
    expect(await visit('/dashboard', sessionCookie)).toEqual({ status: 200, location: null });
    expect(await visit('/premium', sessionCookie)).toEqual({ status: 307, location: '/pricing?reason=premium&from=%2Fpremium' });

    // Where the sign-in actions send this user: the same answer, without a second redirect.
    expect(await landingPathFor(userId, '/basic?tab=1')).toBe('/basic?tab=1');
    expect(await landingPathFor(userId, '/premium/reports?tab=1')).toBe('/pricing?reason=premium&from=%2Fpremium%2Freports');
    expect(await landingPathFor(userId, '/billing')).toBe('/billing');
  });

  it('lets a Premium subscriber into /premium until Stripe ends the subscription', async () => {
    const userId = await createTestUser('gate-premium@example.com');
    const { sessionCookie } = await signInThroughAuthJs('gate-premium@example.com', 'password123');
    await subscribe(emulator, userId, 'premium');
    expect(await visit('/premium/anything', sessionCookie)).toEqual({ status: 200, location: null });

    // The page gets a pass it can verify instead of reading the database again; a pass a client
    // sends itself never reaches a page.
    expect(isValidGatePass(await forwardedPass('/premium', sessionCookie ?? ''), userId, 'extended_features')).toBe(true);
    const forged = issueGatePass(userId, 'extended_features');
    expect(await forwardedPass('/dashboard', sessionCookie ?? '', forged)).toBeNull();

    const stripe = await testStripe();
    const [sub] = (await stripe.subscriptions.list({ status: 'active', limit: 100 })).data.filter(
      (s) => s.metadata.userId === userId,
    );
    await stripe.subscriptions.cancel(sub?.id ?? '');
    await emulator.webhooks.waitForIdle();
    expect(await visit('/premium/anything', sessionCookie)).toMatchObject({ status: 307, location: '/pricing?reason=premium&from=%2Fpremium%2Fanything' });
  });

  it('gates a new page from its one row in the route table: proxy, pricing reason and link', async () => {
    // The app's table plus one row, as adding /reports would be (its page would call
    // requireEntitlement('/reports'), typed from the same row). First, so it is the page links open.
    const reports = {
      prefix: '/reports',
      session: 'signed-in',
      gate: {
        feature: FEATURES.extended,
        pricingReason: { key: 'reports', message: 'Reports are part of Premium.' },
        navLabel: 'Reports',
      },
    } as const;
    const table = routeTable([reports, ...ROUTE_ROWS]);
    expect(await visit('/reports')).toEqual({ status: 200, location: null });

    expect(await visit('/reports/2026', null, table)).toEqual({ status: 307, location: '/sign-in?callbackUrl=%2Freports%2F2026' });
    const userId = await createTestUser('gate-new-row@example.com');
    const { sessionCookie } = await signInThroughAuthJs('gate-new-row@example.com', 'password123');
    await subscribe(emulator, userId, 'basic');
    expect(await visit('/reports', sessionCookie, table)).toEqual({ status: 307, location: '/pricing?reason=reports&from=%2Freports' });
    expect(table.pricingMessage('reports')).toBe('Reports are part of Premium.');
    expect(table.pageForFeature(FEATURES.extended)).toMatchObject({ prefix: '/reports', gate: { navLabel: 'Reports' } });

    const premiumId = await createTestUser('gate-new-row-premium@example.com');
    const premium = await signInThroughAuthJs('gate-new-row-premium@example.com', 'password123');
    await subscribe(emulator, premiumId, 'premium');
    expect(await visit('/reports', premium.sessionCookie, table)).toEqual({ status: 200, location: null });
    expect(isValidGatePass(await forwardedPass('/reports', premium.sessionCookie ?? '', undefined, table), premiumId, FEATURES.extended)).toBe(true);
  });
});
