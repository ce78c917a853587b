import { AsyncLocalStorage } from 'node:async_hooks';

// How the hosted pages write dates, money and cards. Stripe's pages follow the session's `locale`
// (`auto`, the default: the browser's Accept-Language); so do these, with the same Intl formats
// the app uses for the same locale, so a customer reads one format on both sides.

const DEFAULT_LOCALE = 'en-US';
const pageLocale = new AsyncLocalStorage<string>();

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

/** Renders `render` with every format below in `locale`. */
export function withPageLocale<T>(locale: string, render: () => T): T {
  return pageLocale.run(locale, render);
}

function locale(): string {
  return pageLocale.getStore() ?? DEFAULT_LOCALE;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const moneyFormats = new Map<string, Intl.NumberFormat>();

/** A Stripe timestamp as a date: "Dec 23, 2026" in en-US. */
export function formatDate(ts: number): string {
  const loc = locale();
  let format = dateFormats.get(loc);
  if (!format) {
    format = new Intl.DateTimeFormat(loc, { dateStyle: 'medium', timeZone: 'UTC' });
    dateFormats.set(loc, format);
  }
  return format.format(new Date(ts * 1000));
}

// Stripe's zero-decimal currencies: amounts are in whole units, not cents.
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);

/** An amount in the currency's smallest unit, as money: "$15.00" in en-US. */
export function formatAmount(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  const key = `${locale()} ${code}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale(), { style: 'currency', currency: code });
    moneyFormats.set(key, format);
  }
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
  return `${brand} •••• ${card.last4} · expires ${expiry}`;
}

// Invoice statuses in a customer's words, as the app's invoice table writes them.
const INVOICE_STATUSES: Record<string, string> = { draft: 'Draft', open: 'Due', paid: 'Paid', void: 'Void', uncollectible: 'Unpaid' };

export function formatInvoiceStatus(status: string | null): string {
  return status ? (INVOICE_STATUSES[status] ?? status) : '—';
}
