import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function randomString(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
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
