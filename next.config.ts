import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';
import { HSTS_HEADER, NON_PAGE_CONTENT_SECURITY_POLICY, STATIC_SECURITY_HEADERS } from './lib/security-headers';

// `npm run bench:*` builds a separate flavour into .next-bench that also contains `*.bench.tsx`
// pages (an ungated twin of /premium to measure the gate against) and a switch that turns proxy.ts
// off for one request. Normal builds never have them.
const benchBuild = process.env.ENTITLE_BENCH === '1';

const nextConfig: NextConfig = {
  // PGlite loads its WASM and data files from its own package folder at run time;
  // bundled, it fails with ERR_INVALID_ARG_TYPE. Argon2 is a native addon. rate-limiter-flexible
  // imports drizzle-orm by a name computed at run time, which a bundler cannot follow.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'rate-limiter-flexible'],
  poweredByHeader: false,
  experimental: {
    // proxy.ts runs for every page, and Next.js copies a request's body for it first: up to 10 MB
    // by default, for any POST to a page (Server Actions), before the Server Actions' own 1 MB
    // limit applies. No form of ours is anywhere near 1 MB.
    proxyClientMaxBodySize: '1mb',
  },
  // Pages get their Content-Security-Policy (with a nonce) from proxy.ts; everything else gets
  // these. HSTS only from production builds: `next dev` may be reached over plain HTTP.
  async headers() {
    const everywhere = [...STATIC_SECURITY_HEADERS, ...(process.env.NODE_ENV === 'production' ? [HSTS_HEADER] : [])];
    return [
      { source: '/:path*', headers: everywhere },
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: NON_PAGE_CONTENT_SECURITY_POLICY }] },
    ];
  },
  ...(benchBuild
    ? {
        distDir: '.next-bench',
        pageExtensions: ['tsx', 'ts', 'bench.tsx'],
        // Lets a benchmark request skip proxy.ts (lib/bench-only/bare-proxy.bench.ts).
        turbopack: { resolveAlias: { '@/lib/bench-only/bare-proxy': './lib/bench-only/bare-proxy.bench.ts' } },
      }
    : {}),
};

// The request's language and messages come from lib/i18n/request.ts (cookie, else Accept-Language).
export default createNextIntlPlugin('./lib/i18n/request.ts')(nextConfig);
