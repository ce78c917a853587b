import { invalidRequest } from '../core/errors.js';
import type { ParamSpec } from './param-spec.js';
import type { FormObject, FormValue } from './parse-form.js';

/**
 * Checks a parsed request against the parameters its endpoint takes, the way Stripe answers
 * before it does anything: a name it does not know is `parameter_unknown` (nested ones named
 * in bracket form, `items[0][foo]`), a value of the wrong kind is a 400 naming the parameter.
 * An empty string passes everywhere: it is how form bodies unset a field, and handlers decide
 * what it means. Nothing is changed when a request is refused.
 */
export function validateParams(fields: Record<string, ParamSpec>, raw: FormObject): void {
  checkFields(fields, raw, '');
}

function nameOf(prefix: string, key: string): string {
  return prefix ? `${prefix}[${key}]` : key;
}

function checkFields(fields: Record<string, ParamSpec>, value: FormObject, prefix: string): void {
  for (const [key, child] of Object.entries(value)) {
    const name = nameOf(prefix, key);
    const spec = fields[key];
    if (spec === undefined) throw invalidRequest(`Received unknown parameter: ${name}`, name, 'parameter_unknown');
    check(spec, child, name);
  }
}

function describe(value: FormValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function check(spec: ParamSpec, value: FormValue, name: string): void {
  if (value === '') return;
  if (spec === 'any') return;
  if (spec === 'string') {
    if (typeof value !== 'string') throw invalidRequest(`Invalid string: ${describe(value)}`, name);
    return;
  }
  if (spec === 'integer') {
    if (typeof value !== 'string' || !/^-?\d+$/.test(value)) {
      throw invalidRequest(`Invalid integer: ${describe(value)}`, name, 'parameter_invalid_integer');
    }
    return;
  }
  if (spec === 'number') {
    if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value)) throw invalidRequest(`Invalid float: ${describe(value)}`, name);
    return;
  }
  if (spec === 'decimal') {
    if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value)) throw invalidRequest(`Invalid decimal: ${describe(value)}`, name);
    return;
  }
  if (spec === 'boolean') {
    if (value !== 'true' && value !== 'false') throw invalidRequest(`Invalid boolean: ${describe(value)}`, name);
    return;
  }
  if (spec === 'map') {
    if (typeof value === 'string' || Array.isArray(value)) throw invalidRequest(`Invalid object: ${name}`, name);
    for (const [key, entry] of Object.entries(value)) {
      if (typeof entry !== 'string') throw invalidRequest(`Invalid value for ${nameOf(name, key)}: must be a string`, nameOf(name, key));
    }
    return;
  }
  if (spec === 'object') {
    if (typeof value === 'string' || Array.isArray(value)) throw invalidRequest(`Invalid object: ${name}`, name);
    return;
  }
  if ('enum' in spec) {
    if (typeof value !== 'string' || !spec.enum.includes(value)) {
      throw invalidRequest(`Invalid ${name}: must be one of ${oneOf(spec.enum)}`, name);
    }
    return;
  }
  if ('array' in spec) {
    // Indexed keys (`a[0]=x`) and `a[]=x` both parse to arrays; a bare value is not one.
    if (!Array.isArray(value)) throw invalidRequest(`Invalid array: ${name}`, name);
    value.forEach((item, i) => check(spec.array, item, `${name}[${i}]`));
    return;
  }
  if ('fields' in spec) {
    if (typeof value === 'string' || Array.isArray(value)) throw invalidRequest(`Invalid object: ${name}`, name);
    checkFields(spec.fields, value, name);
    return;
  }
  // A value matching none of the kinds gets the error of the kind its shape is closest to, so
  // `created[foo]=1` is an unknown `created[foo]`, not an invalid integer.
  const shaped = typeof value === 'string' ? spec.anyOf : [...spec.anyOf].sort((a, b) => Number(isStructured(b)) - Number(isStructured(a)));
  let first: unknown = null;
  for (const option of shaped) {
    try {
      check(option, value, name);
      return;
    } catch (err) {
      first ??= err;
    }
  }
  throw first;
}

function isStructured(spec: ParamSpec): boolean {
  return spec === 'map' || spec === 'object' || (typeof spec === 'object' && ('fields' in spec || 'array' in spec));
}

function oneOf(values: string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')}, or ${values[values.length - 1] ?? ''}`;
}
