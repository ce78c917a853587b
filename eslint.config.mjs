import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
    },
  },
  {
    // The app reaches the Stripe emulator only through its package entry (stripe-emulator/README.md).
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: ['stripe-emulator/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/stripe-emulator', '@/stripe-emulator/*', '**/stripe-emulator/*', 'stripe-emulator/*'],
              message: "Import the emulator from its package entry: 'stripe-emulator'.",
            },
          ],
        },
      ],
    },
  },
  { ignores: ['.next/**', '.next-bench/**', 'node_modules/**', '.data/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**', 'stripe-emulator/dist/**'] },
];

export default config;
