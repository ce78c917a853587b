import type { Locale } from '@/lib/i18n/locales';

// How every page of the app writes dates, money and payment methods, in the request's language.
// The Stripe emulator's hosted pages write them the same way for a session in that language
// (stripe-emulator/src/pages/format.ts), so a customer reads one format on both sides.

// Money and dates follow the region the app's customers read in: en is American English (the
// prices are in US dollars), fr is the French of France.
const INTL_LOCALES: Record<Locale, string> = { en: 'en-US', fr: 'fr-FR' };

// Stripe's zero-decimal currencies: amounts are in whole units, not cents.
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);

/** An amount in the currency's smallest unit, as money: "$15.00" in en, "15,00 $US" in fr. */
export function formatMoney(amount: number, currency: string, locale: Locale): string {
  const code = currency.toUpperCase();
  return new Intl.NumberFormat(INTL_LOCALES[locale], { style: 'currency', currency: code }).format(ZERO_DECIMAL.has(code) ? amount : amount / 100);
}

/** A date, or a Stripe timestamp in seconds: "Dec 23, 2026" in en, "23 déc. 2026" in fr. */
export function formatDate(date: Date | number | null | undefined, locale: Locale): string {
  if (date === null || date === undefined) return '—';
  const value = typeof date === 'number' ? new Date(date * 1000) : date;
  return new Intl.DateTimeFormat(INTL_LOCALES[locale], { dateStyle: 'medium', timeZone: 'UTC' }).format(value);
}

// Card brands are names, the same in every language; they come from the card itself.
const BRAND_NAMES: Record<string, string> = { amex: 'American Express', diners: 'Diners Club', mastercard: 'Mastercard', unionpay: 'UnionPay', jcb: 'JCB' };

export type PaymentMethodFacts = {
  type: string | null;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
};

/** The words of a payment method in the reader's language (components/billing/payment-method-label.ts). */
export type PaymentMethodWords = {
  none: string;
  /** "expires 12/29" for the expiry "12/29". */
  expires: (expiry: string) => string;
  /** Stripe's payment method types in a customer's words, where they have some ("SEPA Direct Debit"). */
  methods: Partial<Record<string, string>>;
};

/** "Visa •••• 4242 · expires 12/29", "SEPA Direct Debit •••• 3204", or "None on file". */
export function formatPaymentMethod({ type, brand, last4, expMonth, expYear }: PaymentMethodFacts, words: PaymentMethodWords): string {
  if (!type) return words.none;
  const name = brand ? (BRAND_NAMES[brand] ?? `${brand.charAt(0).toUpperCase()}${brand.slice(1)}`) : (words.methods[type] ?? type.replace(/_/g, ' '));
  if (!last4) return name;
  const expiry = expMonth && expYear ? ` · ${words.expires(`${String(expMonth).padStart(2, '0')}/${String(expYear).slice(-2)}`)}` : '';
  return `${name} •••• ${last4}${expiry}`;
}
