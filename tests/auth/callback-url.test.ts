import { describe, expect, it } from 'vitest';
import { safeCallbackUrl } from '@/lib/auth/callback-url';

describe('safeCallbackUrl', () => {
  it.each([
    ['/billing', '/billing'],
    ['/premium/reports?tab=2#top', '/premium/reports?tab=2#top'],
    ['http://localhost:3000/billing', '/billing'],
  ])('keeps the same-origin %s', (input, expected) => {
    expect(safeCallbackUrl(input, 'http://localhost:3000')).toBe(expected);
  });

  it.each([
    'https://evil.example/phish',
    '//evil.example/phish',
    '/\\evil.example/phish',
    '\\\\evil.example',
    'javascript:alert(1)',
    'http://localhost:3001/billing',
    '/\tevil',
    '',
  ])('refuses the off-site or malformed %j', (input) => {
    expect(safeCallbackUrl(input, 'http://localhost:3000')).toBe('/dashboard');
  });

  it('refuses anything that is not a string', () => {
    expect(safeCallbackUrl(['/billing'])).toBe('/dashboard');
    expect(safeCallbackUrl(undefined)).toBe('/dashboard');
  });
});
