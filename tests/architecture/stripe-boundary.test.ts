import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Everything that talks to Stripe sits behind one boundary that hands out the app's own types
// (lib/stripe/reshape.ts). This test reads the exports of every other module under app/, lib/,
// components/ and db/ with the TypeScript checker and fails if any exported declaration's type
// reaches a type declared by the `stripe` package: a parameter, a return type, a property, a
// union member, a type argument (Promise<Stripe.Subscription>), however deep.

const ROOT = path.resolve(__dirname, '../..');

/**
 * The boundary: the client and its rate budget, the reshape functions, the webhook sync (it
 * handles Stripe's events and writes rows from Stripe's objects) and the catalog setup that
 * `npm run stripe:setup` runs with a client it is handed.
 */
const BOUNDARY = ['lib/stripe/', 'lib/billing/sync/', 'lib/billing/setup-catalog.ts'];

const SCANNED = ['app', 'lib', 'components', 'db'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'migrations' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), (file) => ts.sys.readFile(file));
  return { ...ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT).options, noEmit: true };
}

const fromStripe = (symbol: ts.Symbol | undefined): boolean =>
  (symbol?.declarations ?? []).some((declaration) => /[\\/]node_modules[\\/]stripe[\\/]/.test(declaration.getSourceFile().fileName));

const fromNodeModules = (symbol: ts.Symbol | undefined): boolean =>
  (symbol?.declarations ?? []).some((declaration) => /[\\/]node_modules[\\/]/.test(declaration.getSourceFile().fileName));

/**
 * The one Stripe type allowed past the boundary: the webhook inbox keeps Stripe's events verbatim
 * (db/schema.ts `stripe_events.payload`), and every export typed by the whole schema (the
 * database handle) reaches that column (the union `Stripe.Event`, or the event types in it). Only
 * the sync reads it.
 */
const isInboxPayload = (name: string, via: string[]) => name.endsWith('Event') && via.includes('payload');

/** The first Stripe type the type reaches (not counting the inbox payload), or null. */
function stripeTypeIn(checker: ts.TypeChecker, type: ts.Type, seen: Set<ts.Type>, depth: number, via: string[]): string | null {
  if (seen.has(type) || depth > 12) return null;
  seen.add(type);
  const alias = type.aliasSymbol;
  const stripeSymbol = fromStripe(alias) ? alias : fromStripe(type.getSymbol()) ? type.getSymbol() : undefined;
  if (stripeSymbol) return isInboxPayload(stripeSymbol.getName(), via) ? null : checker.typeToString(type);

  const inner: [ts.Type, string?][] = (type.aliasTypeArguments ?? []).map((t) => [t]);
  if (type.isUnionOrIntersection()) inner.push(...type.types.map((t): [ts.Type] => [t]));
  if (type.flags & ts.TypeFlags.Object) {
    const object = type as ts.ObjectType;
    if (object.objectFlags & ts.ObjectFlags.Reference) inner.push(...checker.getTypeArguments(type as ts.TypeReference).map((t): [ts.Type] => [t]));
    for (const signature of [...type.getCallSignatures(), ...type.getConstructSignatures()]) {
      inner.push([signature.getReturnType()], ...signature.getParameters().map((p): [ts.Type, string] => [checker.getTypeOfSymbol(p), p.getName()]));
    }
    // Another library's named classes and interfaces (React's elements, Drizzle's tables) are
    // walked only through their type arguments; its mapped and anonymous types (a Drizzle row) are
    // walked like the app's own.
    const named = object.objectFlags & (ts.ObjectFlags.Class | ts.ObjectFlags.Interface | ts.ObjectFlags.Reference);
    if (!named || !fromNodeModules(type.getSymbol())) inner.push(...type.getProperties().map((p): [ts.Type, string] => [checker.getTypeOfSymbol(p), p.getName()]));
  }
  for (const [next, name] of inner) {
    const found = stripeTypeIn(checker, next, seen, depth + 1, name ? [...via, name] : via);
    if (found) return found;
  }
  return null;
}

/** `file#export: the Stripe type it reaches` for every export outside the boundary that reaches one. */
function leaks(program: ts.Program, files: string[]): string[] {
  const checker = program.getTypeChecker();
  return files.flatMap((file) => {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) return [];
    return checker.getExportsOfModule(moduleSymbol).flatMap((exported) => {
      const name = `${path.relative(ROOT, file).split(path.sep).join('/')}#${exported.getName()}`;
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = symbol.declarations?.[0];
      if (!declaration) return [];
      const types: ts.Type[] = [];
      if (symbol.flags & (ts.SymbolFlags.Value | ts.SymbolFlags.Function)) types.push(checker.getTypeOfSymbolAtLocation(symbol, declaration));
      if (symbol.flags & (ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Interface | ts.SymbolFlags.Class)) types.push(checker.getDeclaredTypeOfSymbol(symbol));
      const seen = new Set<ts.Type>();
      for (const type of types) {
        const found = stripeTypeIn(checker, type, seen, 0, []);
        if (found) return [`${name}: ${found}`];
      }
      return [];
    });
  });
}

const inBoundary = (file: string) => BOUNDARY.some((prefix) => path.relative(ROOT, file).split(path.sep).join('/').startsWith(prefix));

describe('the Stripe boundary', () => {
  it('no module outside lib/stripe, the sync and the catalog setup exports a Stripe type', () => {
    const files = SCANNED.flatMap((dir) => sourceFiles(path.join(ROOT, dir))).filter((file) => !inBoundary(file));
    expect(files.length).toBeGreaterThan(50);
    expect(leaks(ts.createProgram({ rootNames: files, options: compilerOptions() }), files)).toEqual([]);
  }, 120_000);

  it('catches an export that hands out a Stripe object, however it is wrapped', () => {
    const file = path.join(ROOT, 'lib/billing/__boundary-probe.ts');
    const text = [
      "import type Stripe from 'stripe';",
      'export async function load(): Promise<{ subscription: Stripe.Subscription } | null> { return null; }',
      'export type Status = Stripe.Invoice.Status | null;',
      'export function ok(): Promise<string> { return Promise.resolve(""); }',
    ].join('\n');
    const options = compilerOptions();
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.fileExists = (name) => name === file || fileExists(name);
    host.readFile = (name) => (name === file ? text : readFile(name));
    host.getSourceFile = (name, languageVersion) => (name === file ? ts.createSourceFile(name, text, languageVersion, true) : getSourceFile(name, languageVersion));
    const program = ts.createProgram({ rootNames: [file], options, host });
    const found = leaks(program, [file]).map((leak) => leak.split(':')[0]);
    expect(found).toEqual(['lib/billing/__boundary-probe.ts#load', 'lib/billing/__boundary-probe.ts#Status']);
  });
});
