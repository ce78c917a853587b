import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';

const production = {
  NODE_ENV: 'production',
  AUTH_SECRET: 'x'.repeat(40),
  DATABASE_URL: 'postgres://u@db.example/app',
  STRIPE_SECRET_KEY: 'sk_test_123',
  STRIPE_WEBHOOK_SECRET: 'whsec_123',
};

describe('env module', () => {
  it('accepts a complete production environment', () => {
    const env = parseEnv(production);
    expect(env.stripe.mode).toBe('stripe');
    expect(env.databaseUrl).toBe(production.DATABASE_URL);
  });

  it.each(['AUTH_SECRET', 'DATABASE_URL', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'] as const)(
    'names %s when it is missing in production',
    (name) => {
      expect(() => parseEnv({ ...production, [name]: undefined })).toThrow(new RegExp(`^\\s*${name}:`, 'm'));
    },
  );

  it('names a malformed variable and says what is wrong', () => {
    expect(() => parseEnv({ ...production, STRIPE_SECRET_KEY: 'pk_test_123' })).toThrow(/STRIPE_SECRET_KEY: must be a Stripe secret key/);
    expect(() => parseEnv({ ...production, DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must start with postgres/);
  });

  it('never picks the emulator silently in production, only when asked by name', () => {
    expect(() => parseEnv({ ...production, STRIPE_SECRET_KEY: undefined, STRIPE_WEBHOOK_SECRET: undefined })).toThrow(
      /STRIPE_SECRET_KEY/,
    );
    const env = parseEnv({ ...production, STRIPE_SECRET_KEY: undefined, STRIPE_EMULATOR_URL: 'http://127.0.0.1:12111' });
    expect(env.stripe.mode).toBe('emulator');
  });

  it('falls back to the emulator and the embedded database in development and tests', () => {
    const env = parseEnv({ NODE_ENV: 'test' });
    expect(env.stripe.mode).toBe('emulator');
    expect(env.databaseUrl).toBe('pglite://memory');
    expect(env.authSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('asks for both GitHub variables or neither', () => {
    expect(() => parseEnv({ NODE_ENV: 'test', AUTH_GITHUB_ID: 'abc' })).toThrow(/AUTH_GITHUB_SECRET/);
  });

  it('does not need runtime secrets while `next build` runs', () => {
    expect(() => parseEnv({ NODE_ENV: 'production', NEXT_PHASE: 'phase-production-build' })).not.toThrow();
  });
});
