import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// One randomBytes call per id showed up in profiles of 5,000-customer runs; draw from a pool.
let pool = randomBytes(0);
let used = 0;

function randomString(length: number): string {
  if (used + length > pool.length) {
    pool = randomBytes(Math.max(8192, length));
    used = 0;
  }
  let out = '';
  for (let i = used; i < used + length; i++) out += ALPHABET[(pool[i] ?? 0) % ALPHABET.length];
  used += length;
  return out;
}

/** Ids look like test-mode Stripe ids so app code that checks prefixes behaves the same. */
export function newId(prefix: string): string {
  switch (prefix) {
    case 'cs':
      return `cs_test_a1${randomString(56)}`;
    case 'feat':
    case 'ent':
      return `${prefix}_test_${randomString(32)}`;
    default:
      return `${prefix}_${randomString(24)}`;
  }
}

export function secret(prefix: string): string {
  return `${prefix}_${randomString(32)}`;
}
