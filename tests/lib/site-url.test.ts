import { describe, expect, it } from 'vitest';
import { resolveSiteUrl } from '@/lib/site-url';

const none = { NEXT_PUBLIC_SITE_URL: undefined, VERCEL_ENV: undefined, VERCEL_URL: undefined, VERCEL_PROJECT_PRODUCTION_URL: undefined };

describe('resolveSiteUrl', () => {
  it('prefers NEXT_PUBLIC_SITE_URL, without a trailing slash', () => {
    expect(resolveSiteUrl({ ...none, NEXT_PUBLIC_SITE_URL: 'https://app.example.com/', VERCEL_URL: 'x.vercel.app' }, 'http://localhost:3000')).toBe(
      'https://app.example.com',
    );
  });

  it('sends a preview deployment back to itself, and production to its production domain', () => {
    expect(resolveSiteUrl({ ...none, VERCEL_ENV: 'preview', VERCEL_URL: 'entitle-git-feat-x.vercel.app', VERCEL_PROJECT_PRODUCTION_URL: 'entitle.dev' }, undefined)).toBe(
      'https://entitle-git-feat-x.vercel.app',
    );
    expect(resolveSiteUrl({ ...none, VERCEL_ENV: 'production', VERCEL_URL: 'entitle-abc.vercel.app', VERCEL_PROJECT_PRODUCTION_URL: 'entitle.dev' }, undefined)).toBe(
      'https://entitle.dev',
    );
  });

  it('falls back to the request origin, and fails loudly with nothing to go on', () => {
    expect(resolveSiteUrl(none, 'http://localhost:3000')).toBe('http://localhost:3000');
    expect(() => resolveSiteUrl(none, undefined)).toThrow(/NEXT_PUBLIC_SITE_URL/);
  });
});
