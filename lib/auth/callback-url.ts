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
  if (/[\\\u0000-\u001f]/.test(value)) return fallback;
  try {
    const url = new URL(value, origin);
    if (url.origin !== new URL(origin).origin) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
