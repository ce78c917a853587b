import { createTranslator } from 'next-intl';
import type { Messages } from '@/lib/i18n/messages';
import enCommon from '@/messages/en/common.json' with { type: 'json' };
import enAuth from '@/messages/en/auth.json' with { type: 'json' };
import enAccount from '@/messages/en/account.json' with { type: 'json' };
import enBilling from '@/messages/en/billing.json' with { type: 'json' };
import enDashboard from '@/messages/en/dashboard.json' with { type: 'json' };
import enMarketing from '@/messages/en/marketing.json' with { type: 'json' };
import enValidation from '@/messages/en/validation.json' with { type: 'json' };
import frCommon from '@/messages/fr/common.json' with { type: 'json' };
import frAuth from '@/messages/fr/auth.json' with { type: 'json' };
import frAccount from '@/messages/fr/account.json' with { type: 'json' };
import frBilling from '@/messages/fr/billing.json' with { type: 'json' };
import frDashboard from '@/messages/fr/dashboard.json' with { type: 'json' };
import frMarketing from '@/messages/fr/marketing.json' with { type: 'json' };
import frValidation from '@/messages/fr/validation.json' with { type: 'json' };

// The journeys in another language read their texts from the message files the pages are written
// from, through next-intl's own formatter (plurals, arguments), so a reworded translation moves
// the journeys with it and a renamed key fails the typecheck here. The files are imported here
// rather than through lib/i18n/messages.ts: Node's ESM loader, which runs the specs, takes JSON
// only with an import attribute.

const EN: Messages = { common: enCommon, auth: enAuth, account: enAccount, billing: enBilling, dashboard: enDashboard, marketing: enMarketing, validation: enValidation };
const FR: Messages = { common: frCommon, auth: frAuth, account: frAccount, billing: frBilling, dashboard: frDashboard, marketing: frMarketing, validation: frValidation };

/** The app's English texts, by key: en('auth.signIn.form.submit'). */
export const en = createTranslator({ locale: 'en', messages: EN, timeZone: 'UTC' });

/** The app's French texts, by key: fr('auth.signIn.form.submit'). */
export const fr = createTranslator({ locale: 'fr', messages: FR, timeZone: 'UTC' });

/** Money as a French page writes it: 1500 cents of USD → "15,00 $US" (Intl's spaces included). */
export function frenchMoney(amount: number, currency = 'usd'): string {
  return new Intl.NumberFormat('fr-FR', { style: 'currency', currency: currency.toUpperCase() }).format(amount / 100);
}

/** Any of `texts`, as a pattern: the spaces in each match any space (Intl writes narrow no-break ones). */
export function anyOf(texts: string[]): RegExp {
  return new RegExp(texts.map((text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s/g, '\\s')).join('|'));
}

/**
 * A Stripe timestamp as a French page may write the day: "7 janv. 2027" or "7 janvier 2027".
 * Either style is French; what must not appear is the English "Jan 7, 2027".
 */
export function frenchDate(timestamp: number): RegExp {
  const date = new Date(timestamp * 1000);
  return anyOf((['medium', 'long'] as const).map((dateStyle) => new Intl.DateTimeFormat('fr-FR', { dateStyle, timeZone: 'UTC' }).format(date)));
}

/** The same day as an English page writes it, to check that none is left on a French page. */
export function englishDate(timestamp: number): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(timestamp * 1000));
}
