// `npx tsx scripts/check-vercel-build.ts`: builds the project the way Vercel does (`vercel build`,
// Vercel's own builder, offline) in a copy of the working tree, and checks the output: the proxy
// as the middleware function, the webhook and cron routes as functions with their maxDuration,
// and the cron from vercel.json. CI runs it after the production build. The copy keeps the
// build's .next, .vercel and its database away from the working tree (e2e reuses .next).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Pinned: CLI 48 runs `vercel build` without an account when .vercel/project.json names the framework. */
const VERCEL_CLI = 'vercel@48.9.2';
const ROUTE_FUNCTIONS = ['api/stripe/webhook', 'api/cron/stripe'];

const root = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'entitle-vercel-build-'));
const app = path.join(work, 'app');
const started = Date.now();

function copyProject(): void {
  // Tracked files and new ones not ignored, as they are in the working tree (a fresh clone in CI).
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).split('\0');
  for (const file of files) {
    if (!file || !existsSync(path.join(root, file))) continue;
    mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(app, file));
  }
  // Hard links: node_modules is installed already and large; Turbopack refuses a symlink out of the project.
  const linked = spawnSync('cp', ['-al', path.join(root, 'node_modules'), path.join(app, 'node_modules')], { stdio: 'inherit' });
  if (linked.status !== 0) cpSync(path.join(root, 'node_modules'), path.join(app, 'node_modules'), { recursive: true });
  mkdirSync(path.join(app, '.vercel'));
  // What `vercel pull` would write for a linked project. Dependencies are installed already.
  writeFileSync(
    path.join(app, '.vercel', 'project.json'),
    JSON.stringify({ projectId: 'prj_entitle_ci', orgId: 'team_entitle_ci', settings: { framework: 'nextjs', installCommand: 'true' } }),
  );
}

/**
 * A production environment of placeholders, as a Vercel project would have it: the build command
 * (vercel.json) runs the migrations, here into an embedded database of the copy's own, and the
 * app's production checks need every secret.
 */
function buildEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', VERCEL_TELEMETRY_DISABLED: '1' };
  for (const name of ['STRIPE_SECRET_KEY', 'DATABASE_URL_UNPOOLED', 'AUTH_URL', 'NODE_ENV']) delete environment[name];
  return {
    ...environment,
    DATABASE_URL: `pglite://${path.join(work, 'pglite')}`,
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    STRIPE_EMULATOR_URL: 'http://127.0.0.1:12111',
    STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64url')}`,
    CRON_SECRET: randomBytes(32).toString('base64url'),
    NEXT_PUBLIC_SITE_URL: 'https://entitle.example',
    // Production needs a mail transport or MAIL=disabled (lib/env.ts); the build check sends no mail.
    MAIL: 'disabled',
  };
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function problemsWithOutput(): string[] {
  const output = path.join(app, '.vercel', 'output');
  const problems: string[] = [];
  if (!existsSync(path.join(output, 'functions', '_middleware.func', '.vc-config.json'))) problems.push('proxy.ts is not the middleware function (_middleware.func)');
  for (const route of ROUTE_FUNCTIONS) {
    const config = path.join(output, 'functions', `${route}.func`, '.vc-config.json');
    if (!existsSync(config)) {
      problems.push(`no function for /${route}`);
      continue;
    }
    const { maxDuration } = readJson(config) as { maxDuration?: number };
    if (maxDuration !== 60) problems.push(`/${route} has maxDuration ${String(maxDuration)}, not the route's 60`);
  }
  const { crons } = readJson(path.join(output, 'config.json')) as { crons?: { path: string }[] };
  const { crons: wanted } = readJson(path.join(root, 'vercel.json')) as { crons: { path: string }[] };
  if (JSON.stringify(crons) !== JSON.stringify(wanted)) problems.push(`crons in the output ${JSON.stringify(crons)} differ from vercel.json's ${JSON.stringify(wanted)}`);
  return problems;
}

try {
  copyProject();
  console.log(`[vercel-build] building a copy in ${app} with ${VERCEL_CLI}`);
  const build = spawnSync('npx', ['-y', VERCEL_CLI, 'build', '--yes'], { cwd: app, env: buildEnvironment(), stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`vercel build exited with ${String(build.status ?? build.signal)}`);
  const problems = problemsWithOutput();
  if (problems.length > 0) throw new Error(`the Vercel build output is not as expected:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  console.log(`[vercel-build] ok: _middleware.func, ${ROUTE_FUNCTIONS.map((r) => `${r}.func`).join(', ')} (maxDuration 60), the cron; ${Math.round((Date.now() - started) / 1000)} s`);
} catch (error) {
  console.error(`[vercel-build] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
