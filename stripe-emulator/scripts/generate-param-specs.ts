/**
 * Writes src/http/param-specs.ts: for every endpoint the emulator serves, the parameters the
 * installed `stripe` SDK's types accept (names, nesting, JSON kinds, enum values), so requests
 * the SDK could not have typed get Stripe's 400 instead of being silently ignored.
 *
 *   npx tsx stripe-emulator/scripts/generate-param-specs.ts          # rewrite the file
 *   npx tsx stripe-emulator/scripts/generate-param-specs.ts --check  # exit 1 if it is stale
 *
 * tests/param-specs.test.ts runs the check, and the generated file type-checks each endpoint's
 * top-level names against the SDK type (`satisfies`), so neither can drift from the SDK.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { ENDPOINT_PARAM_TYPES } from '../src/http/endpoint-param-types.js';
import type { ParamSpec } from '../src/http/param-spec.js';

const root = path.resolve(import.meta.dirname, '../..');
const outFile = path.resolve(import.meta.dirname, '../src/http/param-specs.ts');
/**
 * The SDK types every numeric parameter as `number`; Stripe's API takes integers for all of them
 * (amounts in the smallest unit, counts, timestamps) except these floats of its OpenAPI spec.
 */
const FLOAT_PARAMS = new Set(['application_fee_percent', 'amount_percent', 'height', 'length', 'weight', 'width']);

// Past this depth objects are checked as objects but not field by field (keeps the file small).
const MAX_DEPTH = 6;

function buildSpecs(): Record<string, ParamSpec> {
  const probe = path.join(root, 'stripe-emulator/scripts/.param-probe.ts');
  const entries = Object.entries(ENDPOINT_PARAM_TYPES);
  const source = `import type Stripe from 'stripe';\n${entries.map(([, t], i) => `export type T${i} = Stripe.${t};`).join('\n')}\n`;
  const host = ts.createCompilerHost({ strict: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022 });
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (f) => (path.resolve(f) === probe ? source : readFile(f));
  host.fileExists = (f) => path.resolve(f) === probe || fileExists(f);
  const program = ts.createProgram([probe], { strict: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, skipLibCheck: true, noEmit: true }, host);
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(probe);
  if (!file) throw new Error('probe file not loaded');
  const aliases = new Map<string, ts.Type>();
  ts.forEachChild(file, (node) => {
    if (ts.isTypeAliasDeclaration(node)) aliases.set(node.name.text, checker.getTypeAtLocation(node.name));
  });

  function isOtherString(t: ts.Type): boolean {
    return t.isIntersection() && t.types.some((part) => (part.flags & ts.TypeFlags.String) !== 0);
  }

  function specOf(type: ts.Type, depth: number, name = ''): ParamSpec {
    if (isOtherString(type)) return 'string';
    // The SDK's Decimal class goes over the wire as its string form.
    if (type.aliasSymbol?.getName() === 'Decimal') return 'decimal';
    if (type.isUnion()) {
      // null, undefined and '' (Stripe's "unset") are accepted everywhere by the validator.
      // The SDK leaves enums open (`'a' | 'b' | OtherString`, a branded string) for values newer
      // than the pinned version; Stripe itself refuses values it does not know, so the brand is dropped.
      const parts = type.types.filter(
        (t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) && !(t.isStringLiteral() && t.value === '') && !isOtherString(t),
      );
      if (parts.length > 0 && parts.every((t) => t.isStringLiteral())) {
        return { enum: parts.map((t) => (t.isStringLiteral() ? t.value : '')).sort() };
      }
      if (parts.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return 'boolean';
      const specs = parts.map((t) => specOf(t, depth, name));
      const unique = [...new Map(specs.map((s) => [JSON.stringify(s), s])).values()];
      if (unique.length === 1 && unique[0] !== undefined) return unique[0];
      // A union of string literals and `string` is just a string.
      if (unique.includes('string') && unique.every((s) => s === 'string' || (typeof s === 'object' && 'enum' in s))) return 'string';
      return { anyOf: unique };
    }
    if (type.flags & ts.TypeFlags.StringLiteral) return { enum: [type.isStringLiteral() ? type.value : ''] };
    if (type.flags & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral)) return 'string';
    if (type.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return FLOAT_PARAMS.has(name) ? 'number' : 'integer';
    if (type.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return 'boolean';
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'any';
    if (checker.isArrayType(type)) {
      const [element] = checker.getTypeArguments(type as ts.TypeReference);
      return { array: element ? specOf(element, depth + 1, name) : 'any' };
    }
    if (type.flags & ts.TypeFlags.Object) {
      if (checker.getIndexInfoOfType(type, ts.IndexKind.String)) return 'map';
      if (depth >= MAX_DEPTH) return 'object';
      const fields: Record<string, ParamSpec> = {};
      for (const prop of checker.getPropertiesOfType(type)) {
        const propType = checker.getTypeOfSymbol(prop);
        fields[prop.name] = specOf(propType, depth + 1, prop.name);
      }
      return { fields };
    }
    return 'any';
  }

  const out: Record<string, ParamSpec> = {};
  entries.forEach(([endpoint], i) => {
    const type = aliases.get(`T${i}`);
    if (!type) throw new Error(`no type for ${endpoint}`);
    out[endpoint] = specOf(type, 0);
  });
  return out;
}

function render(specs: Record<string, ParamSpec>): string {
  const lines = [
    '// Generated by stripe-emulator/scripts/generate-param-specs.ts from the installed stripe SDK\'s',
    '// parameter types; do not edit. Regenerate after upgrading `stripe`.',
    "import type Stripe from 'stripe';",
    "import type { ParamSpec } from './param-spec.js';",
    '',
    'type Fields<T> = { [K in keyof Required<T>]: ParamSpec };',
    '',
    'export const PARAM_SPECS = {',
  ];
  for (const [endpoint, spec] of Object.entries(specs)) {
    const typeName = ENDPOINT_PARAM_TYPES[endpoint as keyof typeof ENDPOINT_PARAM_TYPES];
    const fields = typeof spec === 'object' && 'fields' in spec ? spec.fields : {};
    lines.push(`  ${JSON.stringify(endpoint)}: {`);
    lines.push(`    fields: {`);
    for (const [name, field] of Object.entries(fields)) lines.push(`      ${JSON.stringify(name)}: ${JSON.stringify(field)},`);
    lines.push(`    } satisfies Fields<Stripe.${typeName}>,`);
    lines.push('  },');
  }
  lines.push('} satisfies Record<string, { fields: Record<string, ParamSpec> }>;', '');
  return lines.join('\n');
}

/** The file's text as the installed SDK's types make it. */
export function renderParamSpecs(): string {
  return render(buildSpecs());
}

export const PARAM_SPECS_FILE = outFile;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const text = renderParamSpecs();
  if (process.argv.includes('--check')) {
    if (readFileSync(outFile, 'utf8') !== text) {
      console.error(`${path.relative(root, outFile)} is stale: run npx tsx stripe-emulator/scripts/generate-param-specs.ts`);
      process.exit(1);
    }
    console.log('param specs up to date');
  } else {
    writeFileSync(outFile, text);
    console.log(`wrote ${path.relative(root, outFile)} (${Object.keys(ENDPOINT_PARAM_TYPES).length} endpoints)`);
  }
}
