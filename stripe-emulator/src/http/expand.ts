import { invalidRequest } from '../core/errors.js';
import type { Store } from '../core/store.js';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function toJson(value: unknown): Json {
  // Stripe objects are plain data (Decimal serialises itself), so a JSON round trip is a deep copy.
  const parsed: Json = JSON.parse(JSON.stringify(value ?? null));
  return parsed;
}

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Replaces id strings along each dotted path with the objects they name, the way Stripe's
 * `expand[]` does; `data.` walks into list objects. Unknown fields fail like on Stripe.
 */
export function expandPaths(root: Json, paths: string[], store: Store): Json {
  for (const path of paths) {
    expandInto(root, path.split('.'), store, path);
  }
  return root;
}

function expandInto(node: Json, segments: string[], store: Store, fullPath: string): void {
  const [head, ...rest] = segments;
  if (head === undefined) return;
  if (Array.isArray(node)) {
    for (const item of node) expandInto(item, segments, store, fullPath);
    return;
  }
  if (!isObject(node)) return;
  if (!(head in node)) {
    throw invalidRequest(`This property cannot be expanded (${fullPath}).`, 'expand');
  }
  const value = node[head];
  if (typeof value === 'string') {
    const found = store.find(value);
    if (!found) return;
    const expanded = toJson(found);
    node[head] = expanded;
    expandInto(expanded, rest, store, fullPath);
    return;
  }
  if (Array.isArray(value) && value.some((v) => typeof v === 'string')) {
    node[head] = value.map((v) => {
      if (typeof v !== 'string') return v;
      const found = store.find(v);
      return found ? toJson(found) : v;
    });
  }
  const next = node[head];
  if (next !== undefined) expandInto(next, rest, store, fullPath);
}
