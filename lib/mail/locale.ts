import 'server-only';
import { getLocale } from 'next-intl/server';
import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/locales';

/**
 * The language of a mail sent while answering someone's request (a sign-up, a reset, a link):
 * the request's. Mails sent without a request (the webhook's lifecycle mails) stay in English,
 * since no user's language is stored.
 */
export async function requestMailLocale(): Promise<Locale> {
  // Outside a request next-intl throws at once rather than rejecting; either way, English.
  try {
    return await getLocale();
  } catch {
    return DEFAULT_LOCALE;
  }
}
