import { FEATURES, type FeatureKey } from '@/lib/billing/plans';
import type { Messages } from '@/lib/i18n/messages';

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
 *
 * The texts are keys of messages/<locale>/common.json, which the page showing them translates
 * (`getTranslations('common')`): the proxy, which reads this table too, has no language.
 */
export type RouteRow<Text extends string = string> = {
  prefix: `/${string}`;
  session: 'signed-in' | 'signed-out';
  /** For a gated page: the feature it needs, why pricing was shown (`?reason=`), what links call it. */
  gate?: { feature: FeatureKey; pricingReason: { key: string; message: Text }; navLabel: Text };
};

type RouteMessages = Messages['common']['routes'];

/** A text of the app's table: a message of common.json's `routes`. */
export type RouteMessageKey = {
  [Page in keyof RouteMessages]: `routes.${Page}.${keyof RouteMessages[Page] & string}`;
}[keyof RouteMessages];

export type GatedRow<Text extends string = string> = RouteRow<Text> & { gate: NonNullable<RouteRow<Text>['gate']> };

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
      pricingReason: { key: 'premium', message: 'routes.premium.pricingReason' },
      navLabel: 'routes.premium.navLabel',
    },
  },
  {
    prefix: '/basic',
    session: 'signed-in',
    gate: {
      feature: FEATURES.basic,
      pricingReason: { key: 'basic', message: 'routes.basic.pricingReason' },
      navLabel: 'routes.basic.navLabel',
    },
  },
  { prefix: '/sign-in', session: 'signed-out' },
  { prefix: '/sign-up', session: 'signed-out' },
] as const satisfies readonly RouteRow<RouteMessageKey>[];

/** The prefixes of gated pages, as `requireEntitlement` takes them. */
export type GatedPrefix = Extract<(typeof ROUTE_ROWS)[number], { gate: object }>['prefix'];

function under(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

/** Everything read from a route table. The app's is `routes`; tests build one with a row of their own. */
export function routeTable<Text extends string>(rows: readonly RouteRow<Text>[]) {
  const gated = rows.filter((row): row is GatedRow<Text> => row.gate !== undefined);
  return {
    rows,
    /** The sign-in rule of `pathname`, or null where anyone may go. */
    sessionRule(pathname: string): RouteRow<Text>['session'] | null {
      return rows.find((row) => under(pathname, row.prefix))?.session ?? null;
    },
    /** The gated page `pathname` lies under, if any. */
    gateFor(pathname: string): GatedRow<Text> | undefined {
      return gated.find((row) => under(pathname, row.prefix));
    },
    /** The gated page a link offering `feature` opens. */
    pageForFeature(feature: FeatureKey): GatedRow<Text> | undefined {
      return gated.find((row) => row.gate.feature === feature);
    },
    /** What pricing says for `?reason=` (a message key in the app's table), if it is one of ours. */
    pricingMessage(reason: unknown): Text | undefined {
      return gated.find((row) => row.gate.pricingReason.key === reason)?.gate.pricingReason.message;
    },
  };
}

export type RouteTable<Text extends string = string> = ReturnType<typeof routeTable<Text>>;

export const routes: RouteTable<RouteMessageKey> = routeTable(ROUTE_ROWS);
