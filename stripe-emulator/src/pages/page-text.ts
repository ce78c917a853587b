import { en, type Messages } from './messages/en.js';
import { fr } from './messages/fr.js';
import { pageLocale } from './page-locale.js';

// The words of a hosted page, in the page's language. Stripe's hosted pages speak the session's
// language among those Stripe supports; the emulator speaks French and English, and English for
// every other locale (whose dates and money are still written the locale's way by format.ts).

export type Language = 'en' | 'fr';

const TABLES: Record<Language, Messages> = { en, fr };

export function languageOf(locale: string): Language {
  const tag = locale.toLowerCase();
  return tag === 'fr' || tag.startsWith('fr-') ? 'fr' : 'en';
}

/** The language of the page being rendered, for `<html lang>`. */
export function pageLanguage(): Language {
  return languageOf(pageLocale());
}

/** The message table of the page being rendered. */
export function messages(): Messages {
  return TABLES[pageLanguage()];
}

/** A message with its `{name}` placeholders filled in; callers escape values for HTML themselves. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}

/** The name a group gives `key` (a status, a method, an interval), if it has one. */
export function lookup(names: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(names, key) ? names[key] : undefined;
}

/** "month", "3 months": a billing interval in words. */
export function intervalText(interval: string, count: number): string {
  const names = messages().intervals;
  if (count === 1) return lookup(names, interval) ?? interval;
  const plural = lookup(names, `${interval}s`);
  return plural ? fill(plural, { count }) : `${count} ${interval}s`;
}

type ErrorKey = keyof Messages['errors'];

interface ErrorPattern {
  key: ErrorKey;
  pattern: RegExp;
  names: string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// en.errors' texts as patterns, a placeholder matching any value, so a domain message such as
// "This Checkout Session does not accept klarna." is found with its values.
function isErrorKey(key: string): key is ErrorKey {
  return key in en.errors;
}

const ERROR_PATTERNS: ErrorPattern[] = Object.keys(en.errors).filter(isErrorKey).map((key) => {
  const text = en.errors[key];
  const names: string[] = [];
  const source = text
    .split(/(\{\w+\})/)
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (name === undefined) return escapeRegExp(part);
      names.push(name);
      return '(.*)';
    })
    .join('');
  return { key, pattern: new RegExp(`^${source}$`), names };
});

/**
 * A billing-domain error (a decline, a validation message) in the page's language. The domain
 * speaks English, as Stripe's API does; a message this table does not know stays as it is.
 */
export function localizeError(message: string): string {
  const table = messages();
  for (const { key, pattern, names } of ERROR_PATTERNS) {
    const match = pattern.exec(message);
    if (!match) continue;
    return fill(table.errors[key], Object.fromEntries(names.map((name, i) => [name, match[i + 1] ?? ''])));
  }
  return message;
}
