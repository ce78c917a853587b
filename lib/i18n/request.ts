import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, negotiateLocale, type Locale } from './locales';
import { MESSAGES } from './messages';

/** The request's language: the person's choice if they made one, else their browser's. */
export async function requestLocale(): Promise<Locale> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  return negotiateLocale((await headers()).get('accept-language'));
}

// next-intl reads this for every Server Component, Server Action and route that translates.
// The locale is not in the URL: one address per page, whatever the language.
export default getRequestConfig(async () => {
  const locale = await requestLocale().catch(() => DEFAULT_LOCALE);
  return { locale, messages: MESSAGES[locale], timeZone: 'UTC' };
});
