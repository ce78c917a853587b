import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_STRIPE_EMULATOR_URL, EMULATOR_SECRET_KEY, EMULATOR_WEBHOOK_SECRET } from './stripe/emulator-defaults';

// The one place that reads process.env. Everything else imports `env` from here.

const DEFAULT_PGLITE_DIR = '.data/pglite';
const DEV_SECRET_FILE = '.data/auth-secret';

const optional = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: optional.pipe(
      z
        .string()
        .regex(/^(postgres(ql)?|pglite):\/\//, 'must start with postgres://, postgresql:// or pglite://')
        .optional(),
    ),
    AUTH_SECRET: optional.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
    AUTH_GITHUB_ID: optional,
    AUTH_GITHUB_SECRET: optional,
    NEXT_PUBLIC_SITE_URL: optional.pipe(z.url().optional()),
    VERCEL_ENV: optional,
    VERCEL_URL: optional,
    VERCEL_PROJECT_PRODUCTION_URL: optional,
    STRIPE_SECRET_KEY: optional.pipe(
      z.string().regex(/^(sk|rk)_(test|live)_/, 'must be a Stripe secret key (sk_test_…, sk_live_…)').optional(),
    ),
    STRIPE_WEBHOOK_SECRET: optional.pipe(z.string().startsWith('whsec_', 'must start with whsec_').optional()),
    STRIPE_EMULATOR_URL: optional.pipe(z.url().optional()),
    NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: optional.pipe(z.string().startsWith('pk_').optional()),
    CHECKOUT_UI: z.enum(['hosted', 'elements']).default('hosted'),
    CHECKOUT_TRIAL_DAYS: z.coerce.number().int().min(0).max(730).default(0),
  })
  .superRefine((value, ctx) => {
    if (Boolean(value.AUTH_GITHUB_ID) !== Boolean(value.AUTH_GITHUB_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: [value.AUTH_GITHUB_ID ? 'AUTH_GITHUB_SECRET' : 'AUTH_GITHUB_ID'],
        message: 'AUTH_GITHUB_ID and AUTH_GITHUB_SECRET go together',
      });
    }
    if (value.CHECKOUT_UI === 'elements' && value.STRIPE_SECRET_KEY && !value.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY'],
        message: 'required when CHECKOUT_UI=elements uses real Stripe',
      });
    }
    if (value.STRIPE_SECRET_KEY && value.STRIPE_EMULATOR_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['STRIPE_EMULATOR_URL'],
        message: 'set STRIPE_SECRET_KEY for real Stripe or STRIPE_EMULATOR_URL for the emulator, not both',
      });
    }
  });

export type Env = ReturnType<typeof parseEnv>;

export class EnvError extends Error {
  override name = 'EnvError';
}

/** Parses and checks variables; exported for tests. Throws an EnvError naming each bad variable. */
export function parseEnv(source: Record<string, string | undefined>) {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new EnvError(`Invalid environment variables:\n${lines.join('\n')}`);
  }
  const value = result.data;
  // `next build` runs with NODE_ENV=production but must not need runtime secrets.
  const building = source.NEXT_PHASE === 'phase-production-build';
  const production = value.NODE_ENV === 'production' && !building;

  const missing: string[] = [];
  if (production && !value.AUTH_SECRET) missing.push('AUTH_SECRET: required in production (generate one with `npx auth secret`)');
  if (production && !value.DATABASE_URL) {
    missing.push('DATABASE_URL: required in production (a postgres:// URL, or pglite://<dir> for the embedded database)');
  }
  // Never fall back to the emulator silently in production: it must be asked for by name.
  if (production && !value.STRIPE_SECRET_KEY && !value.STRIPE_EMULATOR_URL) {
    missing.push('STRIPE_SECRET_KEY: required in production (or STRIPE_EMULATOR_URL to use the local emulator on purpose)');
  }
  if (production && value.STRIPE_SECRET_KEY && !value.STRIPE_WEBHOOK_SECRET) {
    missing.push('STRIPE_WEBHOOK_SECRET: required with STRIPE_SECRET_KEY in production');
  }
  if (missing.length > 0) throw new EnvError(`Missing environment variables:\n${missing.map((m) => `  ${m}`).join('\n')}`);

  const stripeMode = value.STRIPE_SECRET_KEY ? ('stripe' as const) : ('emulator' as const);
  return {
    ...value,
    databaseUrl: value.DATABASE_URL ?? (value.NODE_ENV === 'test' ? 'pglite://memory' : `pglite://${DEFAULT_PGLITE_DIR}`),
    authSecret: value.AUTH_SECRET ?? (building ? 'build-time-placeholder-never-used-to-sign' : devAuthSecret(value.NODE_ENV)),
    stripe: {
      mode: stripeMode,
      secretKey: value.STRIPE_SECRET_KEY ?? EMULATOR_SECRET_KEY,
      webhookSecret: value.STRIPE_WEBHOOK_SECRET ?? (stripeMode === 'emulator' ? EMULATOR_WEBHOOK_SECRET : undefined),
      emulatorUrl: stripeMode === 'emulator' ? (value.STRIPE_EMULATOR_URL ?? DEFAULT_STRIPE_EMULATOR_URL) : undefined,
    },
    githubAuth:
      value.AUTH_GITHUB_ID && value.AUTH_GITHUB_SECRET
        ? { clientId: value.AUTH_GITHUB_ID, clientSecret: value.AUTH_GITHUB_SECRET }
        : undefined,
  };
}

function devAuthSecret(nodeEnv: 'development' | 'production' | 'test'): string {
  // Tests get a throwaway secret; development keeps one across restarts so sessions survive.
  if (nodeEnv === 'test') return randomBytes(32).toString('base64url');
  const file = path.resolve(DEV_SECRET_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  console.log(`[entitle] AUTH_SECRET is not set: generated one for development in ${DEV_SECRET_FILE}`);
  return secret;
}

export const env = parseEnv(process.env);
