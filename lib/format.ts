// How every page of the app writes dates, money and payment methods. The Stripe emulator's hosted
// pages write them the same way (stripe-emulator/src/pages/format.ts), so a customer reads one
// format on both sides.

const LOCALE = 'en-US';

// Stripe's zero-decimal currencies: amounts are in whole units, not cents.
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);

/** An amount in the currency's smallest unit, as money: "$15.00". */
export function formatMoney(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  return new Intl.NumberFormat(LOCALE, { style: 'currency', currency: code }).format(ZERO_DECIMAL.has(code) ? amount : amount / 100);
}

/** A date, or a Stripe timestamp in seconds: "Dec 23, 2026". */
export function formatDate(date: Date | number | null | undefined): string {
  if (date === null || date === undefined) return '—';
  const value = typeof date === 'number' ? new Date(date * 1000) : date;
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeZone: 'UTC' }).format(value);
}

// How Stripe's payment method types read to a customer; card brands come from the card itself.
const METHOD_NAMES: Record<string, string> = {
  sepa_debit: 'SEPA Direct Debit',
  au_becs_debit: 'BECS Direct Debit',
  us_bank_account: 'Bank account',
  klarna: 'Klarna',
  link: 'Link',
};
const BRAND_NAMES: Record<string, string> = { amex: 'American Express', diners: 'Diners Club', mastercard: 'Mastercard', unionpay: 'UnionPay', jcb: 'JCB' };

export type PaymentMethodFacts = {
  type: string | null;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
};

/** "Visa •••• 4242 · expires 12/29", "SEPA Direct Debit •••• 3204", or "None on file". */
export function formatPaymentMethod({ type, brand, last4, expMonth, expYear }: PaymentMethodFacts): string {
  if (!type) return 'None on file';
  const name = brand ? (BRAND_NAMES[brand] ?? `${brand.charAt(0).toUpperCase()}${brand.slice(1)}`) : (METHOD_NAMES[type] ?? type.replace(/_/g, ' '));
  if (!last4) return name;
  const expiry = expMonth && expYear ? ` · expires ${String(expMonth).padStart(2, '0')}/${String(expYear).slice(-2)}` : '';
  return `${name} •••• ${last4}${expiry}`;
}
