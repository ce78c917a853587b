import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./', import.meta.url)),
      // `server-only` throws outside React's server environment; tests call server code directly.
      'server-only': fileURLToPath(new URL('./tests/support/empty-module.ts', import.meta.url)),
      // Server Actions translate their messages with next-intl's server API, which Next.js picks by
      // the `react-server` condition; tests call those actions directly, outside Next.js. The config
      // alias is what next-intl's plugin sets up in next.config.ts.
      'next-intl/server': fileURLToPath(new URL('./node_modules/next-intl/dist/esm/development/server.react-server.js', import.meta.url)),
      'next-intl/config': fileURLToPath(new URL('./lib/i18n/request.ts', import.meta.url)),
    },
  },
  // The workspace's stripe-emulator package resolves to its TypeScript sources under this
  // condition (its package.json `exports`), so tests need no build of it. Vite's defaults follow.
  ssr: { resolve: { conditions: ['stripe-emulator-source', 'module', 'node', 'development|production'] } },
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // next-auth imports `next/server` without a file extension, which Node's ESM loader rejects;
    // letting Vite transform it resolves the import the way Next.js does.
    server: { deps: { inline: ['next-auth', 'next-intl', 'use-intl'] } },
    projects: [
      {
        extends: true,
        test: {
          name: 'app',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**'],
          // Gives every test file its own empty, migrated database.
          globalSetup: ['tests/support/pglite-template.ts'],
          setupFiles: ['tests/support/next-environment.ts', 'tests/support/database-setup.ts'],
        },
      },
      // The Stripe emulator's own tests, with its own config (also `npm test -w stripe-emulator`).
      'stripe-emulator/vitest.config.ts',
    ],
  },
});
