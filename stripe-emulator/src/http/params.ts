import type { FormObject, FormValue } from './parse-form.js';
import { invalidRequest } from '../core/errors.js';

/** Typed readers over a parsed form body; each throws Stripe's 400 for a value of the wrong shape. */
export class Params {
  constructor(
    readonly raw: FormObject,
    private readonly prefix = '',
  ) {}

  private name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  /** An empty string is Stripe's way of saying "unset" for nullable fields. */
  isEmpty(key: string): boolean {
    return this.raw[key] === '';
  }

  string(key: string): string | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw invalidRequest(`Invalid string: ${this.name(key)}`, this.name(key));
    return v;
  }

  requiredString(key: string): string {
    const v = this.string(key);
    if (v === undefined || v === '') throw invalidRequest(`Missing required param: ${this.name(key)}.`, this.name(key), 'parameter_missing');
    return v;
  }

  int(key: string): number | undefined {
    const v = this.string(key);
    if (v === undefined || v === '') return undefined;
    if (!/^-?\d+$/.test(v)) throw invalidRequest(`Invalid integer: ${v}`, this.name(key));
    return Number(v);
  }

  bool(key: string): boolean | undefined {
    const v = this.string(key);
    if (v === undefined || v === '') return undefined;
    if (v !== 'true' && v !== 'false') throw invalidRequest(`Invalid boolean: ${v}`, this.name(key));
    return v === 'true';
  }

  enumOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const v = this.string(key);
    if (v === undefined || v === '') return undefined;
    const found = allowed.find((a) => a === v);
    if (found === undefined) {
      throw invalidRequest(`Invalid ${this.name(key)}: must be one of ${allowed.join(', ')}`, this.name(key));
    }
    return found;
  }

  object(key: string): Params | undefined {
    const v = this.raw[key];
    if (v === undefined || v === '') return undefined;
    if (typeof v === 'string' || Array.isArray(v)) throw invalidRequest(`Invalid object: ${this.name(key)}`, this.name(key));
    return new Params(v, this.name(key));
  }

  objects(key: string): Params[] {
    const v = this.raw[key];
    if (v === undefined || v === '') return [];
    const list: FormValue[] = Array.isArray(v) ? v : typeof v === 'object' ? Object.values(v) : [];
    if (typeof v === 'string') throw invalidRequest(`Invalid array: ${this.name(key)}`, this.name(key));
    return list.map((item, i) => {
      if (typeof item === 'string' || Array.isArray(item)) throw invalidRequest(`Invalid object: ${this.name(key)}[${i}]`, `${this.name(key)}[${i}]`);
      return new Params(item, `${this.name(key)}[${i}]`);
    });
  }

  strings(key: string): string[] | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (v === '') return [];
    if (typeof v === 'string') return [v];
    const list = Array.isArray(v) ? v : Object.values(v);
    return list.map((item) => {
      if (typeof item !== 'string') throw invalidRequest(`Invalid array: ${this.name(key)}`, this.name(key));
      return item;
    });
  }

  /** `metadata[k]=v` merges; `metadata[k]=` removes a key; `metadata=` clears, as on Stripe. */
  metadata(current: Record<string, string> = {}): Record<string, string> {
    const v = this.raw.metadata;
    if (v === undefined) return current;
    if (v === '') return {};
    if (typeof v === 'string' || Array.isArray(v)) throw invalidRequest('Invalid object: metadata', 'metadata');
    const next = { ...current };
    for (const [k, val] of Object.entries(v)) {
      if (typeof val !== 'string') throw invalidRequest(`Invalid metadata value for ${k}`, `metadata[${k}]`);
      if (val === '') delete next[k];
      else next[k] = val;
    }
    return next;
  }

  expand(): string[] {
    return this.strings('expand') ?? [];
  }
}
