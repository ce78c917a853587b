import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEV_CRON_SECRET, EnvError, parseEnv, runtimeOf } from '@/lib/env';
import { EMULATOR_WEBHOOK_SECRET } from '@/lib/env/emulator-defaults';

const production = {
  NODE_ENV: 'production',
  AUTH_SECRET: 'x'.repeat(40),
  DATABASE_URL: 'postgres://u@db.example/app',
  STRIPE_SECRET_KEY: 'sk_test_123',
  STRIPE_WEBHOOK_SECRET: 'whsec_123',
  NEXT_PUBLIC_SITE_URL: 'https://app.example.com',
  CRON_SECRET: 'c'.repeat(32),
  SMTP_URL: 'smtps://user:secret@smtp.example.com:465',
  MAIL_FROM: 'Entitle <no-reply@app.example.com>',
};
const productionWithEmulator = {
  ...production,
  STRIPE_SECRET_KEY: undefined,
  STRIPE_EMULATOR_URL: 'http://127.0.0.1:12111',
  STRIPE_WEBHOOK_SECRET: 'whsec_a_random_secret_of_our_own',
};
// What `next start` and `next dev` put in their server process besides the user's variables.
const nextStart = { NEXT_RUNTIME: 'nodejs' };
const nextDev = { NEXT_RUNTIME: 'nodejs', __NEXT_DEV_SERVER: '1' };

/** The variables an EnvError names, one per line (`  NAME: what to set`). */
function namedIn(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    return [...error.message.matchAll(/^ {2}([A-Z_]+):/gm)].map((m) => m[1] ?? '');
  }
  return [];
}

describe('env module', () => {
  it('accepts a complete production environment, with real Stripe or the emulator', () => {
    const env = parseEnv(production);
    expect(env.production).toBe(true);
    expect(env.stripe.mode).toBe('stripe');
    expect(env.databaseUrl).toBe(production.DATABASE_URL);
    expect(env.siteUrl).toBe('https://app.example.com');
    const emulated = parseEnv(productionWithEmulator);
    expect(emulated.stripe.mode).toBe('emulator');
    expect(emulated.stripe.webhookSecret).toBe(productionWithEmulator.STRIPE_WEBHOOK_SECRET);
  });

  it.each(['AUTH_SECRET', 'DATABASE_URL', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'NEXT_PUBLIC_SITE_URL', 'CRON_SECRET'] as const)(
    'names %s when it is missing in production',
    (name) => {
      expect(namedIn({ ...production, [name]: undefined })).toEqual([name]);
    },
  );

  it('names every missing variable at once', () => {
    expect(namedIn({ NODE_ENV: 'production' }).sort()).toEqual(
      ['AUTH_SECRET', 'CRON_SECRET', 'DATABASE_URL', 'NEXT_PUBLIC_SITE_URL', 'SMTP_URL', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'].sort(),
    );
  });

  it('refuses to start in production without a mail transport or MAIL=disabled, naming the variables', () => {
    const noMail = { ...production, SMTP_URL: undefined, MAIL_FROM: undefined };
    expect(namedIn(noMail)).toEqual(['SMTP_URL']);
    const message = (() => {
      try {
        parseEnv(noMail);
      } catch (error) {
        return error instanceof Error ? error.message : '';
      }
      return '';
    })();
    expect(message).toContain('RESEND_API_KEY');
    expect(message).toContain('MAIL=disabled');
    // The local mailbox is never chosen in production: it would keep reset links in a table nobody reads.
    expect(parseEnv(production).mail).toEqual({ transport: 'smtp', smtpUrl: production.SMTP_URL, from: production.MAIL_FROM });
    expect(parseEnv({ ...noMail, RESEND_API_KEY: 're_live_key', MAIL_FROM: production.MAIL_FROM }).mail.transport).toBe('resend');
    expect(parseEnv({ ...noMail, MAIL: 'disabled' }).mail.transport).toBe('disabled');
    // With a transport, the sender must be one the mail service accepts: no development default.
    expect(namedIn({ ...production, MAIL_FROM: undefined })).toEqual(['MAIL_FROM']);
    expect(namedIn({ ...noMail, RESEND_API_KEY: 're_live_key' })).toEqual(['MAIL_FROM']);
  });

  it('refuses contradictory or malformed mail settings', () => {
    expect(namedIn({ ...production, RESEND_API_KEY: 're_123' })).toEqual(['RESEND_API_KEY']);
    expect(namedIn({ ...production, MAIL: 'disabled' })).toEqual(['MAIL']);
    expect(namedIn({ ...production, MAIL: 'off' })).toEqual(['MAIL']);
    expect(namedIn({ ...production, SMTP_URL: 'https://smtp.example.com' })).toEqual(['SMTP_URL']);
    expect(namedIn({ ...production, MAIL_FROM: 'no-reply@example.com\r\nBcc: victim@example.com' })).toEqual(['MAIL_FROM']);
    expect(namedIn({ ...production, SMTP_URL: undefined, RESEND_API_KEY: 'key_without_prefix' })).toEqual(['RESEND_API_KEY']);
  });

  it('refuses the public development CRON_SECRET in production, and gives development that default', () => {
    expect(namedIn({ ...production, CRON_SECRET: DEV_CRON_SECRET })).toEqual(['CRON_SECRET']);
    expect(parseEnv({ NODE_ENV: 'test' }).cronSecret).toBe(DEV_CRON_SECRET);
  });

  it('needs a webhook secret of its own with the emulator in production, never the public default', () => {
    expect(namedIn({ ...productionWithEmulator, STRIPE_WEBHOOK_SECRET: undefined })).toEqual(['STRIPE_WEBHOOK_SECRET']);
    expect(namedIn({ ...productionWithEmulator, STRIPE_WEBHOOK_SECRET: EMULATOR_WEBHOOK_SECRET })).toEqual(['STRIPE_WEBHOOK_SECRET']);
    expect(namedIn({ ...production, STRIPE_WEBHOOK_SECRET: EMULATOR_WEBHOOK_SECRET })).toEqual(['STRIPE_WEBHOOK_SECRET']);
  });

  it('refuses the public build-time AUTH_SECRET placeholder in production', () => {
    const built = parseEnv({ NODE_ENV: 'production', NEXT_PHASE: 'phase-production-build' });
    expect(namedIn({ ...production, AUTH_SECRET: built.authSecret })).toEqual(['AUTH_SECRET']);
  });

  it('takes the site URL from Vercel when NEXT_PUBLIC_SITE_URL is unset', () => {
    const env = parseEnv({ ...production, NEXT_PUBLIC_SITE_URL: undefined, VERCEL_ENV: 'preview', VERCEL_URL: 'entitle-git-x.vercel.app' });
    expect(env.siteUrl).toBe('https://entitle-git-x.vercel.app');
  });

  it('treats `next start` as production whatever NODE_ENV says', () => {
    for (const NODE_ENV of ['development', 'test', undefined]) {
      expect(runtimeOf({ ...nextStart, NODE_ENV })).toBe('production');
      expect(namedIn({ ...nextStart, NODE_ENV }).sort()).toEqual(
        ['AUTH_SECRET', 'CRON_SECRET', 'DATABASE_URL', 'NEXT_PUBLIC_SITE_URL', 'SMTP_URL', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'].sort(),
      );
    }
    // Given everything, it starts, with production rules (no request-derived URLs).
    expect(parseEnv({ ...production, ...nextStart, NODE_ENV: 'development' }).production).toBe(true);
  });

  it('keeps development defaults for `next dev` only, and production rules for it under NODE_ENV=production', () => {
    expect(runtimeOf({ ...nextDev, NODE_ENV: 'development' })).toBe('development');
    expect(runtimeOf({ ...nextDev, NODE_ENV: 'production' })).toBe('production');
    expect(runtimeOf({ NODE_ENV: 'test' })).toBe('test');
    expect(runtimeOf({})).toBe('development');
  });

  it('names a malformed variable and says what is wrong', () => {
    expect(namedIn({ ...production, STRIPE_SECRET_KEY: 'pk_test_123' })).toEqual(['STRIPE_SECRET_KEY']);
    expect(namedIn({ ...production, DATABASE_URL: 'mysql://x' })).toEqual(['DATABASE_URL']);
    expect(namedIn({ ...production, AUTH_SECRET: 'short' })).toEqual(['AUTH_SECRET']);
    expect(namedIn({ ...production, STRIPE_WEBHOOK_SECRET: 'secret' })).toEqual(['STRIPE_WEBHOOK_SECRET']);
    for (const url of ['javascript:alert(1)', 'ftp://app.example.com', 'app.example.com']) {
      expect(namedIn({ ...production, NEXT_PUBLIC_SITE_URL: url })).toEqual(['NEXT_PUBLIC_SITE_URL']);
    }
  });

  it('never picks the emulator silently in production, only when asked by name', () => {
    expect(namedIn({ ...production, STRIPE_SECRET_KEY: undefined })).toEqual(['STRIPE_SECRET_KEY']);
    expect(namedIn({ ...production, STRIPE_EMULATOR_URL: 'http://127.0.0.1:12111' })).toEqual(['STRIPE_EMULATOR_URL']);
  });

  it('falls back to the emulator and the embedded database in tests', () => {
    const env = parseEnv({ NODE_ENV: 'test' });
    expect(env.production).toBe(false);
    expect(env.stripe.mode).toBe('emulator');
    expect(env.stripe.webhookSecret).toBe(EMULATOR_WEBHOOK_SECRET);
    expect(env.databaseUrl).toBe('pglite://memory');
    expect(env.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(env.siteUrl).toBeUndefined();
  });

  it('migrates over DATABASE_URL_UNPOOLED when it is set, else over DATABASE_URL', () => {
    const unpooled = 'postgres://u@db.example/app';
    const pooled = parseEnv({ ...production, DATABASE_URL: 'postgres://u@pooler.example/app', DATABASE_URL_UNPOOLED: unpooled });
    expect(pooled.databaseUrl).toBe('postgres://u@pooler.example/app');
    expect(pooled.migrationDatabaseUrl).toBe(unpooled);
    expect(parseEnv(production).migrationDatabaseUrl).toBe(production.DATABASE_URL);
    expect(namedIn({ ...production, DATABASE_URL_UNPOOLED: 'mysql://x' })).toEqual(['DATABASE_URL_UNPOOLED']);
    // Migrating one database while the app uses another (the embedded one) is a mistake, not a choice.
    expect(namedIn({ NODE_ENV: 'test', DATABASE_URL_UNPOOLED: unpooled })).toEqual(['DATABASE_URL_UNPOOLED']);
    expect(namedIn({ ...production, DATABASE_URL: 'pglite://.data/x', DATABASE_URL_UNPOOLED: unpooled })).toEqual(['DATABASE_URL_UNPOOLED']);
  });

  it('sizes the connection pool for serverless instances unless told otherwise', () => {
    expect(parseEnv(production).databasePool).toEqual({ max: 10, idleTimeoutSeconds: 5, connectTimeoutSeconds: 5, maxLifetimeSeconds: 300 });
    const tuned = parseEnv({
      ...production,
      DATABASE_POOL_MAX: '3',
      DATABASE_IDLE_TIMEOUT_SECONDS: '1.5',
      DATABASE_CONNECT_TIMEOUT_SECONDS: '2',
      DATABASE_MAX_LIFETIME_SECONDS: '0',
    });
    expect(tuned.databasePool).toEqual({ max: 3, idleTimeoutSeconds: 1.5, connectTimeoutSeconds: 2, maxLifetimeSeconds: 0 });
    expect(namedIn({ ...production, DATABASE_POOL_MAX: '0' })).toEqual(['DATABASE_POOL_MAX']);
    expect(namedIn({ ...production, DATABASE_CONNECT_TIMEOUT_SECONDS: 'soon' })).toEqual(['DATABASE_CONNECT_TIMEOUT_SECONDS']);
  });

  it('asks for both GitHub variables or neither', () => {
    expect(namedIn({ NODE_ENV: 'test', AUTH_GITHUB_ID: 'abc' })).toEqual(['AUTH_GITHUB_SECRET']);
  });

  it('asks for the publishable key when the Payment Element uses real Stripe', () => {
    expect(namedIn({ ...production, CHECKOUT_UI: 'elements' })).toEqual(['NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY']);
    expect(parseEnv({ ...production, CHECKOUT_UI: 'elements', NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_test_1' }).CHECKOUT_UI).toBe('elements');
  });

  it('does not need runtime secrets while `next build` runs', () => {
    const env = parseEnv({ NODE_ENV: 'production', NEXT_PHASE: 'phase-production-build', ...nextStart });
    expect(env.production).toBe(false);
  });
});

describe('development defaults', () => {
  const cwd = process.cwd();
  let dir: string | undefined;
  afterEach(() => {
    process.chdir(cwd);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('generates one AUTH_SECRET for the dev server and keeps it across restarts', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'entitle-env-'));
    process.chdir(dir);
    const first = parseEnv({ NODE_ENV: 'development', ...nextDev });
    const second = parseEnv({ NODE_ENV: 'development', ...nextDev });
    expect(first.production).toBe(false);
    expect(first.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.authSecret).toBe(first.authSecret);
    expect(readFileSync(path.join(dir, '.data/auth-secret'), 'utf8').trim()).toBe(first.authSecret);
    expect(first.databaseUrl).toBe('pglite://.data/pglite');
    expect(first.stripe.mode).toBe('emulator');
  });
});
