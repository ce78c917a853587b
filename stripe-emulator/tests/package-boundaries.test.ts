import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The package stands on its own: nothing in it reaches outside its folder (no `@/` app import, no
// `../../lib`), it uses only the packages its package.json declares, and its sources import one
// another without cycles. A plain scan of import statements, so it needs no extra tooling.

const packageRoot = path.resolve(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(packageRoot, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|js)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

interface ImportRef {
  from: string;
  specifier: string;
  typeOnly: boolean;
}

// Static imports and re-exports (single or multi-line), bare `import` of a module, and dynamic imports.
const STATIC = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm;
const DYNAMIC = /\bimport\(\s*'([^']+)'\s*\)/g;

function importsOf(file: string): ImportRef[] {
  const source = readFileSync(file, 'utf8');
  const refs: ImportRef[] = [];
  for (const m of source.matchAll(STATIC)) refs.push({ from: file, specifier: m[3] ?? '', typeOnly: Boolean(m[2]) });
  for (const m of source.matchAll(DYNAMIC)) refs.push({ from: file, specifier: m[1] ?? '', typeOnly: false });
  return refs;
}

function resolveRelative(ref: ImportRef): string {
  const target = path.resolve(path.dirname(ref.from), ref.specifier);
  return target.endsWith('.js') && !ref.from.endsWith('.js') ? target.replace(/\.js$/, '.ts') : target;
}

const builtins = new Set(builtinModules);
const packageOf = (specifier: string): string => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

describe('package boundaries', () => {
  it('finds the imports it checks (the scan is not vacuous)', () => {
    const refs = filesUnder('src').flatMap(importsOf);
    expect(refs.length).toBeGreaterThan(200);
    expect(refs.some((r) => r.specifier === './billing/scheduler.js')).toBe(true);
  });

  it('imports nothing outside its folder, and at run time only Node and its declared dependencies', () => {
    const runtime = new Set(Object.keys(manifest.dependencies ?? {}));
    // Outside src/, the package may also import itself by name (its public entry), as the bench does.
    const everything = new Set([...runtime, ...Object.keys(manifest.devDependencies ?? {}), 'vitest/config', manifest.name]);
    const offending: string[] = [];
    for (const dir of ['src', 'bin', 'tests', 'bench', 'scripts']) {
      // The bin's tsx import only runs in a checkout of the repository (src/ present).
      const allowed = dir === 'src' ? runtime : everything;
      for (const ref of filesUnder(dir).flatMap(importsOf)) {
        const where = `${path.relative(packageRoot, ref.from)} imports ${ref.specifier}`;
        if (ref.specifier.startsWith('.')) {
          if (path.relative(packageRoot, resolveRelative(ref)).startsWith('..')) offending.push(where);
        } else if (ref.specifier.startsWith('node:') || builtins.has(ref.specifier)) {
          continue;
        } else if (!allowed.has(packageOf(ref.specifier)) && !allowed.has(ref.specifier)) {
          offending.push(where);
        }
      }
    }
    expect(offending).toEqual([]);
  });

  it('has no import cycles among its sources, counting type-only imports', () => {
    const graph = new Map<string, string[]>();
    for (const file of filesUnder('src')) {
      graph.set(
        file,
        importsOf(file)
          .filter((ref) => ref.specifier.startsWith('.'))
          .map(resolveRelative),
      );
    }
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string): void => {
      state.set(file, 'visiting');
      stack.push(file);
      for (const next of graph.get(file) ?? []) {
        if (!graph.has(next)) continue;
        if (state.get(next) === 'visiting') {
          cycles.push([...stack.slice(stack.indexOf(next)), next].map((f) => path.relative(packageRoot, f)).join(' → '));
        } else if (!state.has(next)) {
          visit(next);
        }
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });
});
