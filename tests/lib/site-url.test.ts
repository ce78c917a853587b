import { describe, expect, it } from 'vitest';
import { configuredSiteUrl } from '@/lib/env';
import { resolveSiteUrl } from '@/lib/site-url';

const none = { NEXT_PUBLIC_SITE_URL: undefined, VERCEL_ENV: undefined, VERCEL_URL: undefined, VERCEL_PROJECT_PRODUCTION_URL: undefined };
const attacker = { host: 'evil.example', https: true };

describe('configuredSiteUrl', () => {
  it('prefers NEXT_PUBLIC_SITE_URL, without a trailing slash', () => {
    expect(configuredSiteUrl({ ...none, NEXT_PUBLIC_SITE_URL: 'https://app.example.com/', VERCEL_URL: 'x.vercel.app' })).toBe('https://app.example.com');
  });

  it('sends a preview deployment back to itself, and production to its production domain', () => {
    expect(configuredSiteUrl({ ...none, VERCEL_ENV: 'preview', VERCEL_URL: 'entitle-git-feat-x.vercel.app', VERCEL_PROJECT_PRODUCTION_URL: 'entitle.dev' })).toBe(
      'https://entitle-git-feat-x.vercel.app',
    );
    expect(configuredSiteUrl({ ...none, VERCEL_ENV: 'production', VERCEL_URL: 'entitle-abc.vercel.app', VERCEL_PROJECT_PRODUCTION_URL: 'entitle.dev' })).toBe(
      'https://entitle.dev',
    );
  });

  it('is undefined with nothing configured', () => {
    expect(configuredSiteUrl(none)).toBeUndefined();
  });
});

describe('resolveSiteUrl', () => {
  it('uses the configured origin whatever host the request names', () => {
    expect(resolveSiteUrl({ siteUrl: 'https://app.example.com', production: true }, attacker)).toBe('https://app.example.com');
    expect(resolveSiteUrl({ siteUrl: 'https://app.example.com', production: false }, attacker)).toBe('https://app.example.com');
  });

  it('never builds a production URL from the request', () => {
    expect(() => resolveSiteUrl({ siteUrl: undefined, production: true }, attacker)).toThrow();
    expect(() => resolveSiteUrl({ siteUrl: undefined, production: true }, { host: 'localhost:3000', https: false })).toThrow();
  });

  it('falls back to the request Host in development, and refuses a Host that is not one', () => {
    expect(resolveSiteUrl({ siteUrl: undefined, production: false }, { host: 'localhost:3000', https: false })).toBe('http://localhost:3000');
    expect(resolveSiteUrl({ siteUrl: undefined, production: false }, { host: '[::1]:3000', https: false })).toBe('http://[::1]:3000');
    for (const host of ['evil.example/path', 'a@evil.example', 'evil.example:3000#', '', null]) {
      expect(() => resolveSiteUrl({ siteUrl: undefined, production: false }, { host, https: false })).toThrow();
    }
    expect(() => resolveSiteUrl({ siteUrl: undefined, production: false }, undefined)).toThrow();
  });
});
