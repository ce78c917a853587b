export const DEFAULT_AFTER_SIGN_IN = '/dashboard';

const PLACEHOLDER_ORIGIN = 'http://entitle.invalid';

/**
 * A same-origin path to go to after signing in, or the fallback. Whatever comes in is
 * resolved against our origin and rejected if it lands elsewhere, so `//evil.example`
 * and `https://evil.example` never leave the site; it always comes back as a path.
 */
export function safeCallbackUrl(value: unknown, origin = PLACEHOLDER_ORIGIN, fallback = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback;
  // Browsers read `/\evil.example` as `//evil.example`; control characters hide such tricks.
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
  try {
    const base = new URL(origin);
    const url = new URL(value, base);
    if (url.origin !== base.origin) return fallback;
    const path = `${url.pathname}${url.search}${url.hash}`;
    // Resolving removes dot segments: `/..//evil.example` and `/%2e%2e//evil.example` become the
    // path `//evil.example`, which a browser (and `new URL(path, origin)`) reads as another host.
    if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return fallback;
    // What is returned must stay on our origin on its own, wherever it is used next.
    if (new URL(path, base).origin !== base.origin) return fallback;
    return path;
  } catch {
    return fallback;
  }
}
