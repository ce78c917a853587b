import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server';
import { describe, expect, it } from 'vitest';
import { FEATURES } from '@/lib/billing/plans';
import { ROUTE_ROWS, routes } from '@/lib/entitlements/routes';
import { config } from '@/proxy';

// proxy.ts's matcher is a literal (Next.js reads it at build time), so nothing makes it follow
// the route table: this does, with Next.js's own matching.
describe('the route table', () => {
  it('has every prefix, and what lies under it, reach proxy.ts', () => {
    for (const { prefix } of ROUTE_ROWS) {
      for (const url of [prefix, `${prefix}/`, `${prefix}/nested/page?x=1`]) {
        expect(unstable_doesMiddlewareMatch({ config, url }), url).toBe(true);
      }
    }
    // The check can fail: what the matcher leaves out is not matched.
    expect(unstable_doesMiddlewareMatch({ config, url: '/api/stripe/webhook' })).toBe(false);
  });

  it('gives every feature a page to link to and every pricing reason its own key', () => {
    for (const feature of Object.values(FEATURES)) expect(routes.pageForFeature(feature), feature).toBeDefined();
    const keys = routes.rows.flatMap((row) => (row.gate ? [row.gate.pricingReason.key] : []));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('leaves the other auth pages, pricing and home without a sign-in rule, as before', () => {
    for (const path of ['/forgot-password', '/reset-password', '/verify-email', '/sign-in-link', '/pricing', '/']) {
      expect(routes.sessionRule(path), path).toBeNull();
    }
    expect(routes.sessionRule('/sign-in')).toBe('signed-out');
    expect(routes.sessionRule('/premium/x')).toBe('signed-in');
    // A prefix is a whole path segment.
    expect(routes.sessionRule('/premiumx')).toBeNull();
  });
});
