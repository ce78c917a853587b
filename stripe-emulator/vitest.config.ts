import { defineProject } from 'vitest/config';

// The package's own tests: `npm test -w stripe-emulator`, and the "emulator" project of the
// repository's `npm test`, which points here.
export default defineProject({
  test: {
    name: 'emulator',
    environment: 'node',
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
