import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface FieldType {
  optional: boolean;
  nullable: boolean;
  text: string;
}

// The repo's own node_modules: the SDK version the app compiles against.
const resourcesDir = path.resolve(import.meta.dirname, '../../../node_modules/stripe/esm/resources');

/**
 * Reads the top-level fields of an interface from the installed SDK's .d.ts, so the contract
 * test checks nullability and presence against the same types the app compiles against.
 */
export function sdkFields(file: string, iface: string): Map<string, FieldType> {
  const source = readFileSync(path.join(resourcesDir, file), 'utf8');
  const start = source.indexOf(`export interface ${iface} {`);
  if (start === -1) throw new Error(`interface ${iface} not found in ${file}`);
  const lines = source.slice(start).split('\n').slice(1);
  const fields = new Map<string, FieldType>();
  for (const line of lines) {
    if (line.startsWith('}')) break;
    const m = /^ {4}(\w+)(\?)?: (.+?);?$/.exec(line);
    if (!m) continue;
    const [, name = '', optional, text = ''] = m;
    fields.set(name, { optional: optional === '?', nullable: /\|\s*null\b/.test(text) || text === 'null', text });
  }
  return fields;
}
