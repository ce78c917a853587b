import type { NextConfig } from 'next';

// `npm run bench:*` builds a separate flavour into .next-bench that also contains `*.bench.tsx`
// pages (an ungated twin of /premium to measure the gate against). Normal builds never have them.
const benchBuild = process.env.ENTITLE_BENCH === '1';

const nextConfig: NextConfig = {
  // PGlite loads its WASM and data files from its own package folder at run time;
  // bundled, it fails with ERR_INVALID_ARG_TYPE. Argon2 is a native addon. rate-limiter-flexible
  // imports drizzle-orm by a name computed at run time, which a bundler cannot follow.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'rate-limiter-flexible'],
  poweredByHeader: false,
  ...(benchBuild ? { distDir: '.next-bench', pageExtensions: ['tsx', 'ts', 'bench.tsx'] } : {}),
};

export default nextConfig;
