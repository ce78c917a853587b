import { pageLocale } from './page-locale.js';
import { fill, lookup, messages } from './page-text.js';

// How the hosted pages write dates, money and cards: with the same Intl formats the app uses for
// the page's locale (page-locale.ts), so a customer reads one format on both sides.

// Keyed by locale string, which a browser's Accept-Language chooses: past a few dozen entries the
// maps start over, so that a client sending a new tag with every request cannot grow them forever.
const FORMAT_CACHE_LIMIT = 64;
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const moneyFormats = new Map<string, Intl.NumberFormat>();

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= FORMAT_CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** A Stripe timestamp as a date: "Dec 23, 2026" in en-US. */
export function formatDate(ts: number): string {
  const loc = pageLocale();
  const format = dateFormats.get(loc) ?? remember(dateFormats, loc, new Intl.DateTimeFormat(loc, { dateStyle: 'medium', timeZone: 'UTC' }));
  return format.format(new Date(ts * 1000));
}

// Stripe's zero-decimal currencies: amounts are in whole units, not cents.
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);

/** An amount in the currency's smallest unit, as money: "$15.00" in en-US. */
export function formatAmount(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  const key = `${pageLocale()} ${code}`;
  const format = moneyFormats.get(key) ?? remember(moneyFormats, key, new Intl.NumberFormat(pageLocale(), { style: 'currency', currency: code }));
  return format.format(ZERO_DECIMAL.has(code) ? amount : amount / 100);
}

const BRAND_NAMES: Record<string, string> = {
  amex: 'American Express',
  diners: 'Diners Club',
  mastercard: 'Mastercard',
  unionpay: 'UnionPay',
  jcb: 'JCB',
};

/** A card as the app writes it: "Visa •••• 4242 · expires 12/29". */
export function formatCard(card: { brand: string; last4: string; exp_month: number; exp_year: number }): string {
  const brand = BRAND_NAMES[card.brand] ?? `${card.brand.charAt(0).toUpperCase()}${card.brand.slice(1)}`;
  const expiry = `${String(card.exp_month).padStart(2, '0')}/${String(card.exp_year).slice(-2)}`;
  return fill(messages().card.summary, { brand, last4: card.last4, expiry });
}

/** An invoice status in a customer's words, as the app's invoice table writes them. */
export function formatInvoiceStatus(status: string | null): string {
  return status ? (lookup(messages().invoiceStatuses, status) ?? status) : '—';
}
