import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Imports run one way: pages → actions → domain modules (auth, billing, entitlements, mail) →
// the Stripe boundary and the database → env, with the shared error type under everything. This
// test reads every import of the app's own modules (type-only and dynamic ones too), resolves it
// as TypeScript does and fails on any that runs the other way. Whether a module's exports carry a
// Stripe type is checked next to it, in stripe-boundary.test.ts.

const ROOT = path.resolve(__dirname, '../..');
const SCANNED = ['app', 'components', 'lib', 'db', 'proxy.ts', 'instrumentation.ts'];

const under = (...prefixes: string[]) => (file: string) => prefixes.some((prefix) => (prefix.endsWith('/') ? file.startsWith(prefix) : file === prefix));

const env = under('lib/env.ts', 'lib/env/');
const errors = under('lib/errors.ts');
const db = under('db/');
const stripeBoundary = under('lib/stripe/');
/** Server actions sit above every domain module, whether in lib/actions or in a domain's own actions/ folder. */
const action = (file: string) => file.startsWith('lib/actions/') || /^lib\/[^/]+\/actions\//.test(file);
const domain = (file: string) => under('lib/auth/', 'lib/billing/', 'lib/entitlements/', 'lib/mail/')(file) && !action(file);
const pagesOrComponents = under('app/', 'components/');
const anything = () => true;

type Rule = { rule: string; from: (file: string) => boolean; forbidden: (target: string) => boolean };

const RULES: Rule[] = [
  { rule: 'lib/errors.ts imports nothing of the app', from: errors, forbidden: anything },
  { rule: 'env imports only env and errors', from: env, forbidden: (target) => !env(target) && !errors(target) },
  { rule: 'db imports only db, env and errors', from: db, forbidden: (target) => !db(target) && !env(target) && !errors(target) },
  { rule: 'the Stripe boundary never imports a domain module, an action or a page', from: stripeBoundary, forbidden: (target) => domain(target) || action(target) || pagesOrComponents(target) },
  { rule: 'domain modules never import actions, pages or components', from: domain, forbidden: (target) => action(target) || pagesOrComponents(target) },
  // Between domain modules the arrows run auth → billing → entitlements, and mail serves them all.
  // An account's life (sign-up, email change, deletion) drives its Stripe customer; billing's own
  // modules never ask auth anything (its actions do, as every action reads the signed-in user).
  { rule: 'billing never imports auth', from: (file) => domain(file) && file.startsWith('lib/billing/'), forbidden: (target) => target.startsWith('lib/auth/') },
  { rule: 'mail imports no other domain module', from: under('lib/mail/'), forbidden: (target) => domain(target) && !target.startsWith('lib/mail/') },
  // Two arrows run back up, each to one module: the gate reads the signed-in user (requireUser),
  // and features are named by the plan catalog, which itself imports nothing.
  {
    rule: 'entitlements read auth only through lib/auth/session.ts and billing only through lib/billing/plans.ts',
    from: under('lib/entitlements/'),
    forbidden: (target) => (target.startsWith('lib/auth/') && target !== 'lib/auth/session.ts') || (target.startsWith('lib/billing/') && target !== 'lib/billing/plans.ts'),
  },
  { rule: 'the plan catalog imports nothing of the app', from: under('lib/billing/plans.ts'), forbidden: anything },
];

function sourceFiles(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (!statSync(full).isDirectory()) return [entry];
  return readdirSync(full).flatMap((name) => {
    if (name === 'migrations' || name === 'node_modules') return [];
    const child = path.join(entry, name);
    if (statSync(path.join(ROOT, child)).isDirectory()) return sourceFiles(child);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [child] : [];
  });
}

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), (file) => ts.sys.readFile(file));
  return ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT).options;
}

const relative = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

/** Every import of one of the app's own files, as [importer, imported], both relative to the repository. */
function importEdges(files: string[]): [string, string][] {
  const options = compilerOptions();
  return files.flatMap((file) => {
    const absolute = path.join(ROOT, file);
    const { importedFiles } = ts.preProcessFile(readFileSync(absolute, 'utf8'), true, true);
    return importedFiles.flatMap(({ fileName }): [string, string][] => {
      const resolved = ts.resolveModuleName(fileName, absolute, options, ts.sys).resolvedModule;
      if (!resolved || resolved.isExternalLibraryImport || resolved.resolvedFileName.includes('/node_modules/')) return [];
      const target = relative(resolved.resolvedFileName);
      return target.startsWith('..') ? [] : [[file, target]];
    });
  });
}

/** `importer → imported: rule` for every import that breaks a rule. */
function violations(edges: [string, string][]): string[] {
  return edges.flatMap(([from, to]) =>
    RULES.filter((rule) => rule.from(from) && rule.forbidden(to)).map((rule) => `${from} → ${to}: ${rule.rule}`),
  );
}

describe('import direction', () => {
  it('every import of the app runs down the layers', () => {
    const files = SCANNED.flatMap(sourceFiles);
    const edges = importEdges(files);
    expect(files.length).toBeGreaterThan(100);
    expect(edges.length).toBeGreaterThan(300);
    expect(violations(edges)).toEqual([]);
  });

  it('catches an import that runs up or sideways, and lets the ones that run down pass', () => {
    const upward: [string, string][] = [
      ['lib/errors.ts', 'lib/env.ts'],
      ['lib/env.ts', 'lib/stripe/client.ts'],
      ['lib/env/emulator-defaults.ts', 'lib/site-url.ts'],
      ['db/client.ts', 'lib/auth/session.ts'],
      ['lib/stripe/reads.ts', 'lib/billing/plans.ts'],
      ['lib/billing/subscriptions.ts', 'lib/actions/validated-action.ts'],
      ['lib/auth/sessions.ts', 'components/ui/button.tsx'],
      ['lib/billing/customers.ts', 'lib/auth/users.ts'],
      ['lib/billing/sync/process-event.ts', 'lib/auth/account-deletion.ts'],
      ['lib/mail/send-mail.ts', 'lib/auth/users.ts'],
      ['lib/entitlements/features.ts', 'lib/billing/catalog.ts'],
      ['lib/entitlements/gate.ts', 'lib/auth/users.ts'],
      ['lib/billing/plans.ts', 'lib/env.ts'],
    ];
    expect(violations(upward)).toHaveLength(upward.length);

    const downward: [string, string][] = [
      ['db/client.ts', 'lib/env.ts'],
      ['lib/env.ts', 'lib/env/emulator-defaults.ts'],
      ['lib/stripe/reshape.ts', 'db/schema.ts'],
      ['lib/billing/subscriptions.ts', 'lib/errors.ts'],
      ['lib/auth/account-deletion.ts', 'lib/billing/customers.ts'],
      ['lib/billing/actions/start-checkout.ts', 'lib/auth/email-verification.ts'],
      ['lib/auth/actions/sign-in.ts', 'lib/actions/validated-action.ts'],
      ['lib/entitlements/require-entitlement.ts', 'lib/auth/session.ts'],
      ['lib/entitlements/gate.ts', 'lib/billing/plans.ts'],
      ['app/(dashboard)/billing/page.tsx', 'lib/billing/billing-overview.ts'],
    ];
    expect(violations(downward)).toEqual([]);
  });
});
