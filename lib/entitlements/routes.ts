import { FEATURES, type FeatureKey } from '@/lib/billing/plans';

// No `server-only` here: proxy.ts reads this table, and the proxy is not a React environment.

/**
 * One row per path prefix with a sign-in rule: the only place a gated page is declared. proxy.ts
 * applies the sign-in rules and gates (its `matcher` is a literal Next.js needs at build time;
 * tests/entitlements/route-table.test.ts checks that it covers every prefix here), the page
 * checks again with `requireEntitlement(prefix)`, pricing says why the user was sent there, and
 * the dashboard and checkout link to the page by its feature.
 *
 * Paths under no prefix here (marketing, /forgot-password, /reset-password, /verify-email,
 * /sign-in-link) are open to everyone, signed in or not.
 */
export type RouteRow = {
  prefix: `/${string}`;
  session: 'signed-in' | 'signed-out';
  /** For a gated page: the feature it needs, why pricing was shown (`?reason=`), what links call it. */
  gate?: { feature: FeatureKey; pricingReason: { key: string; message: string }; navLabel: string };
};

export type GatedRow = RouteRow & { gate: NonNullable<RouteRow['gate']> };

export const ROUTE_ROWS = [
  { prefix: '/dashboard', session: 'signed-in' },
  { prefix: '/account', session: 'signed-in' },
  { prefix: '/billing', session: 'signed-in' },
  { prefix: '/checkout', session: 'signed-in' },
  {
    prefix: '/premium',
    session: 'signed-in',
    gate: {
      feature: FEATURES.extended,
      pricingReason: { key: 'premium', message: 'That page is part of Premium. Upgrade to open it.' },
      navLabel: 'Premium',
    },
  },
  {
    prefix: '/basic',
    session: 'signed-in',
    gate: {
      feature: FEATURES.basic,
      pricingReason: { key: 'basic', message: 'That page needs a subscription. Choose a plan to open it.' },
      navLabel: 'Basic',
    },
  },
  { prefix: '/sign-in', session: 'signed-out' },
  { prefix: '/sign-up', session: 'signed-out' },
] as const satisfies readonly RouteRow[];

/** The prefixes of gated pages, as `requireEntitlement` takes them. */
export type GatedPrefix = Extract<(typeof ROUTE_ROWS)[number], { gate: object }>['prefix'];

function under(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

/** Everything read from a route table. The app's is `routes`; tests build one with a row of their own. */
export function routeTable(rows: readonly RouteRow[]) {
  const gated = rows.filter((row): row is GatedRow => row.gate !== undefined);
  return {
    rows,
    /** The sign-in rule of `pathname`, or null where anyone may go. */
    sessionRule(pathname: string): RouteRow['session'] | null {
      return rows.find((row) => under(pathname, row.prefix))?.session ?? null;
    },
    /** The gated page `pathname` lies under, if any. */
    gateFor(pathname: string): GatedRow | undefined {
      return gated.find((row) => under(pathname, row.prefix));
    },
    /** The gated page a link offering `feature` opens. */
    pageForFeature(feature: FeatureKey): GatedRow | undefined {
      return gated.find((row) => row.gate.feature === feature);
    },
    /** What pricing says for `?reason=`, if it is one of ours. */
    pricingMessage(reason: unknown): string | undefined {
      return gated.find((row) => row.gate.pricingReason.key === reason)?.gate.pricingReason.message;
    },
  };
}

export type RouteTable = ReturnType<typeof routeTable>;

export const routes: RouteTable = routeTable(ROUTE_ROWS);
