import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_STRIPE_EMULATOR_URL, EMULATOR_SECRET_KEY, EMULATOR_WEBHOOK_SECRET } from './env/emulator-defaults';

// The one place that reads process.env. Everything else imports `env` from here.

const DEFAULT_PGLITE_DIR = '.data/pglite';
const DEV_SECRET_FILE = '.data/auth-secret';
const BUILD_PLACEHOLDER_SECRET = 'build-time-placeholder-never-used-to-sign';
/** Public, like the emulator's webhook secret: `npm run dev` calls the cron route with it. Refused in production. */
export const DEV_CRON_SECRET = 'entitle-development-cron-secret';

/**
 * What kind of process is reading the environment. Development defaults (a generated
 * AUTH_SECRET, the embedded database, the emulator with its public webhook secret) are only
 * for the dev server and tests: a production server gets none of them, whatever NODE_ENV says.
 *
 * `next start` runs with NEXT_RUNTIME set and without __NEXT_DEV_SERVER, which only `next dev`
 * sets in its server process (node_modules/next/dist/cli/next-dev.js); `next build` sets
 * NEXT_PHASE. Read from the object passed in, never as `process.env.X` literals, which the
 * bundler replaces with build-time values.
 */
type Runtime = 'build' | 'production' | 'development' | 'test';

export function runtimeOf(source: Record<string, string | undefined>): Runtime {
  if (source.NEXT_PHASE === 'phase-production-build') return 'build';
  if (source.NODE_ENV === 'production') return 'production';
  if (source.NEXT_RUNTIME && source.__NEXT_DEV_SERVER !== '1') return 'production';
  return source.NODE_ENV === 'test' ? 'test' : 'development';
}

type SiteUrlSource = {
  NEXT_PUBLIC_SITE_URL?: string | undefined;
  VERCEL_ENV?: string | undefined;
  VERCEL_URL?: string | undefined;
  VERCEL_PROJECT_PRODUCTION_URL?: string | undefined;
};

/**
 * The site's origin as configured, never as a request claims it: NEXT_PUBLIC_SITE_URL, else
 * the deployment's own URL on Vercel (each preview deployment gets its own, production its
 * production domain). Undefined when neither is set, which production refuses.
 */
export function configuredSiteUrl(source: SiteUrlSource): string | undefined {
  if (source.NEXT_PUBLIC_SITE_URL) return source.NEXT_PUBLIC_SITE_URL.replace(/\/+$/, '');
  const vercelHost =
    source.VERCEL_ENV === 'production' ? (source.VERCEL_PROJECT_PRODUCTION_URL ?? source.VERCEL_URL) : source.VERCEL_URL;
  return vercelHost ? `https://${vercelHost}` : undefined;
}

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
    // A direct (unpooled) URL of the same database, for migrations; the name Neon's Vercel
    // integration sets. DATABASE_URL stays the pooled URL the app's requests use.
    DATABASE_URL_UNPOOLED: optional.pipe(
      z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
    ),
    // Each instance's pool of connections to a server database (db/client.ts says why these defaults).
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    DATABASE_IDLE_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(3600).default(5),
    DATABASE_CONNECT_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(120).default(5),
    DATABASE_MAX_LIFETIME_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
    AUTH_SECRET: optional.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
    AUTH_GITHUB_ID: optional,
    AUTH_GITHUB_SECRET: optional,
    NEXT_PUBLIC_SITE_URL: optional.pipe(
      z.url({ protocol: /^https?$/, error: 'must be the site\'s absolute http(s) URL, like https://app.example.com' }).optional(),
    ),
    VERCEL_ENV: optional,
    VERCEL_URL: optional,
    VERCEL_PROJECT_PRODUCTION_URL: optional,
    STRIPE_SECRET_KEY: optional.pipe(
      z.string().regex(/^(sk|rk)_(test|live)_/, 'must be a Stripe secret key (sk_test_…, sk_live_…)').optional(),
    ),
    STRIPE_WEBHOOK_SECRET: optional.pipe(z.string().startsWith('whsec_', 'must start with whsec_').optional()),
    STRIPE_EMULATOR_URL: optional.pipe(z.url().optional()),
    // Stripe's request rate limit for this key (lib/stripe/rate-budget.ts): `live` (100/s), `test`
    // (25/s), a number per second, or `off`. Unset: from the key's mode; off for the emulator.
    STRIPE_RATE_LIMIT: optional.pipe(
      z
        .union([z.enum(['live', 'test', 'off']), z.coerce.number<string>().int().min(1).max(10_000)], {
          error: 'must be live, test, off or a number of requests per second',
        })
        .optional(),
    ),
    NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: optional.pipe(z.string().startsWith('pk_').optional()),
    CHECKOUT_UI: z.enum(['hosted', 'elements']).default('hosted'),
    CHECKOUT_TRIAL_DAYS: z.coerce.number().int().min(0).max(730).default(0),
    // Vercel Cron sends it as `Authorization: Bearer <CRON_SECRET>` (app/api/cron/stripe/route.ts).
    CRON_SECRET: optional.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    // How many proxies in front of the app append to X-Forwarded-For (lib/http/client-address.ts).
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
    // Mail (lib/mail): SMTP through nodemailer, or Resend's API; neither outside production: the
    // local mailbox (/dev/mailbox). MAIL=disabled sends nothing, on purpose.
    SMTP_URL: optional.pipe(
      z.string().regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL, like smtps://user:password@smtp.example.com:465').optional(),
    ),
    RESEND_API_KEY: optional.pipe(z.string().startsWith('re_', 'must be a Resend API key (re_…)').optional()),
    MAIL_FROM: optional.pipe(z.string().max(320).regex(/^[^\r\n]+@[^\r\n]+$/, 'must be a sender address, like "Entitle <no-reply@example.com>"').optional()),
    MAIL: optional.pipe(z.enum(['disabled'], { error: 'must be `disabled` (or unset)' }).optional()),
  })
  .superRefine((value, ctx) => {
    if (value.DATABASE_URL_UNPOOLED && !value.DATABASE_URL?.startsWith('postgres')) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL_UNPOOLED'],
        message: 'goes with a postgres:// DATABASE_URL (the pooled URL of the same database, which the app uses)',
      });
    }
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
    if (value.SMTP_URL && value.RESEND_API_KEY) {
      ctx.addIssue({ code: 'custom', path: ['RESEND_API_KEY'], message: 'set SMTP_URL or RESEND_API_KEY, not both' });
    }
    if (value.MAIL === 'disabled' && (value.SMTP_URL || value.RESEND_API_KEY)) {
      ctx.addIssue({ code: 'custom', path: ['MAIL'], message: `is disabled while ${value.SMTP_URL ? 'SMTP_URL' : 'RESEND_API_KEY'} is set: unset one` });
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
  const runtime = runtimeOf(source);
  const building = runtime === 'build';
  const production = runtime === 'production';
  const siteUrl = configuredSiteUrl(value);
  const databaseUrl = value.DATABASE_URL ?? (runtime === 'test' ? 'pglite://memory' : `pglite://${DEFAULT_PGLITE_DIR}`);

  if (production) {
    const problems = productionProblems(value, siteUrl);
    if (problems.length > 0) {
      // Say why production rules apply when NODE_ENV does not: `next start` is a production server.
      const why = value.NODE_ENV === 'production' ? '' : ` (this is a production server such as \`next start\`, whatever NODE_ENV says; development defaults are only for \`npm run dev\`)`;
      throw new EnvError(`Missing or unsafe environment variables for production${why}:\n${problems.map((m) => `  ${m}`).join('\n')}`);
    }
  }

  const stripeMode = value.STRIPE_SECRET_KEY ? ('stripe' as const) : ('emulator' as const);
  return {
    ...value,
    runtime,
    /** A production server: only configured values, no development defaults, nothing taken from request headers. */
    production,
    /** The configured origin (NEXT_PUBLIC_SITE_URL or Vercel's), always set in production. */
    siteUrl,
    databaseUrl,
    /** Where migrations run: the direct URL when one is set, else the app's own. */
    migrationDatabaseUrl: value.DATABASE_URL_UNPOOLED ?? databaseUrl,
    databasePool: {
      max: value.DATABASE_POOL_MAX,
      idleTimeoutSeconds: value.DATABASE_IDLE_TIMEOUT_SECONDS,
      connectTimeoutSeconds: value.DATABASE_CONNECT_TIMEOUT_SECONDS,
      /** 0: connections are never retired for their age. */
      maxLifetimeSeconds: value.DATABASE_MAX_LIFETIME_SECONDS,
    },
    authSecret: value.AUTH_SECRET ?? (building ? BUILD_PLACEHOLDER_SECRET : devAuthSecret(runtime === 'test')),
    stripe: {
      mode: stripeMode,
      secretKey: value.STRIPE_SECRET_KEY ?? EMULATOR_SECRET_KEY,
      webhookSecret: value.STRIPE_WEBHOOK_SECRET ?? (stripeMode === 'emulator' ? EMULATOR_WEBHOOK_SECRET : undefined),
      emulatorUrl: stripeMode === 'emulator' ? (value.STRIPE_EMULATOR_URL ?? DEFAULT_STRIPE_EMULATOR_URL) : undefined,
      /** Stripe's limit for this key in requests per second, or null when none applies (the emulator by default). */
      rateLimitPerSecond: stripeRateLimit(value.STRIPE_RATE_LIMIT, value.STRIPE_SECRET_KEY),
    },
    /** What the cron route's caller must present; the public development value outside production. */
    cronSecret: value.CRON_SECRET ?? DEV_CRON_SECRET,
    mail: mailConfig(value, production),
    githubAuth:
      value.AUTH_GITHUB_ID && value.AUTH_GITHUB_SECRET
        ? { clientId: value.AUTH_GITHUB_ID, clientSecret: value.AUTH_GITHUB_SECRET }
        : undefined,
  };
}

/** Every variable a production server lacks or must not use, each with what to set. */
function productionProblems(value: z.infer<typeof schema>, siteUrl: string | undefined): string[] {
  const problems: string[] = [];
  if (!value.AUTH_SECRET) {
    problems.push('AUTH_SECRET: a random secret of at least 32 characters that signs sessions (`npx auth secret` prints one)');
  } else if (value.AUTH_SECRET === BUILD_PLACEHOLDER_SECRET) {
    problems.push('AUTH_SECRET: is the public build-time placeholder; set a random secret of your own (`npx auth secret`)');
  }
  if (!value.DATABASE_URL) {
    problems.push('DATABASE_URL: the postgres:// URL of your database (or pglite://<dir> for the embedded one, on purpose)');
  }
  // Never fall back to the emulator silently in production: it must be asked for by name.
  if (!value.STRIPE_SECRET_KEY && !value.STRIPE_EMULATOR_URL) {
    problems.push('STRIPE_SECRET_KEY: your Stripe secret key, sk_live_… or sk_test_… (or STRIPE_EMULATOR_URL to use the local emulator on purpose)');
  }
  if (!value.STRIPE_WEBHOOK_SECRET) {
    problems.push(
      value.STRIPE_SECRET_KEY
        ? 'STRIPE_WEBHOOK_SECRET: the signing secret (whsec_…) of your webhook endpoint in the Stripe Dashboard'
        : 'STRIPE_WEBHOOK_SECRET: a random whsec_… secret of your own, given to the emulator\'s webhook endpoint as well (its STRIPE_WEBHOOK_SECRET)',
    );
  } else if (value.STRIPE_WEBHOOK_SECRET === EMULATOR_WEBHOOK_SECRET) {
    // It is in this repository, so anyone could sign events with it: forged payments.
    problems.push('STRIPE_WEBHOOK_SECRET: is the emulator\'s public development secret, which anyone can sign events with; set a random whsec_… secret of your own');
  }
  if (!value.CRON_SECRET) {
    problems.push('CRON_SECRET: a random secret of at least 16 characters that Vercel Cron (or your scheduler) sends to /api/cron/stripe (`openssl rand -hex 32` prints one)');
  } else if (value.CRON_SECRET === DEV_CRON_SECRET) {
    problems.push('CRON_SECRET: is the public development value; set a random secret of your own');
  }
  const mailChosen = value.SMTP_URL || value.RESEND_API_KEY || value.MAIL === 'disabled';
  if (!mailChosen) {
    // The local mailbox keeps mail in the database for /dev/mailbox, which production never
    // serves: password resets and sign-in links would silently go nowhere.
    problems.push(
      'SMTP_URL: an smtp:// or smtps:// URL of your mail server (or RESEND_API_KEY for Resend, or MAIL=disabled to send no mail on purpose: no password resets or sign-in links)',
    );
  } else if (value.MAIL !== 'disabled' && !value.MAIL_FROM) {
    problems.push('MAIL_FROM: the sender of every mail, like "Entitle <no-reply@example.com>", an address your mail service may send from');
  }
  if (!siteUrl) {
    problems.push(
      'NEXT_PUBLIC_SITE_URL: the site\'s public URL (https://app.example.com), for Stripe\'s and sign-in\'s redirects (on Vercel, VERCEL_URL stands in when it is unset)',
    );
  }
  return problems;
}

export type MailConfig =
  | { transport: 'smtp'; from: string; smtpUrl: string }
  | { transport: 'resend'; from: string; resendApiKey: string }
  | { transport: 'mailbox'; from: string }
  | { transport: 'disabled'; from: string };

const DEV_MAIL_FROM = 'Entitle <no-reply@localhost>';

/** Which way mail goes (lib/mail/transports.ts). The local mailbox only ever outside production. */
function mailConfig(value: z.infer<typeof schema>, production: boolean): MailConfig {
  const from = value.MAIL_FROM ?? DEV_MAIL_FROM;
  if (value.MAIL === 'disabled') return { transport: 'disabled', from };
  if (value.SMTP_URL) return { transport: 'smtp', from, smtpUrl: value.SMTP_URL };
  if (value.RESEND_API_KEY) return { transport: 'resend', from, resendApiKey: value.RESEND_API_KEY };
  // A production server without any got refused above; the build sends none.
  return production ? { transport: 'disabled', from } : { transport: 'mailbox', from };
}

/** Stripe allows 100 requests a second in live mode and 25 in test mode (its "Rate limits" page). */
function stripeRateLimit(setting: 'live' | 'test' | 'off' | number | undefined, secretKey: string | undefined): number | null {
  if (typeof setting === 'number') return setting;
  if (setting === 'off') return null;
  const mode = setting ?? (secretKey ? (/^(sk|rk)_live_/.test(secretKey) ? 'live' : 'test') : undefined);
  return mode === 'live' ? 100 : mode === 'test' ? 25 : null;
}

function devAuthSecret(test: boolean): string {
  // Tests get a throwaway secret; development keeps one across restarts so sessions survive.
  if (test) return randomBytes(32).toString('base64url');
  const file = path.resolve(DEV_SECRET_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  console.log(`[entitle] AUTH_SECRET is not set: generated one for development in ${DEV_SECRET_FILE}`);
  return secret;
}

export const env = parseEnv(process.env);
