import { AsyncLocalStorage } from 'node:async_hooks';

// The locale a hosted page is written in. Stripe's pages follow the session's `locale` (`auto`,
// the default: the browser's Accept-Language); so do these, for their words (page-text.ts) and
// for their dates, money and cards (format.ts).

const DEFAULT_LOCALE = 'en-US';
const store = new AsyncLocalStorage<string>();

function supported(tag: string): string | undefined {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag])[0];
  } catch {
    return undefined; // not a well-formed language tag
  }
}

/** The locale a page is written in: the session's own, else the browser's first supported one. */
export function resolveLocale(sessionLocale: string | null | undefined, acceptLanguage: string | undefined): string {
  if (sessionLocale && sessionLocale !== 'auto') {
    const own = supported(sessionLocale);
    if (own) return own;
  }
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.tag && entry.tag !== '*' && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const found = supported(tag);
    if (found) return found;
  }
  return DEFAULT_LOCALE;
}

/** Renders `render` with every page text and format in `locale`. */
export function withPageLocale<T>(locale: string, render: () => T): T {
  return store.run(locale, render);
}

export function pageLocale(): string {
  return store.getStore() ?? DEFAULT_LOCALE;
}
