import 'server-only';
import { getLocale, getTranslations } from 'next-intl/server';
import type { SubscriptionRow } from '@/db/schema';
import { formatDate, formatMoney, formatPaymentMethod } from '@/lib/format';

type PaymentMethodColumns = Pick<
  SubscriptionRow,
  'paymentMethodType' | 'paymentMethodBrand' | 'paymentMethodLast4' | 'paymentMethodExpMonth' | 'paymentMethodExpYear'
>;

/** Dates, money, prices and payment methods as the billing pages write them, in the request's language. */
export async function billingFormat() {
  const [locale, t] = await Promise.all([getLocale(), getTranslations('billing')]);
  const money = (amount: number, currency: string) => formatMoney(amount, currency, locale);
  // Stripe's recurring intervals; a subscription without one is billed monthly, as every plan is.
  const per = (interval: string | null) => {
    switch (interval ?? 'month') {
      case 'day':
        return t('intervals.day');
      case 'week':
        return t('intervals.week');
      case 'month':
        return t('intervals.month');
      case 'year':
        return t('intervals.year');
      default:
        return interval ?? '';
    }
  };
  // Stripe's payment method types that have a name of their own; others read as their type.
  const methods = {
    sepa_debit: t('paymentMethod.methods.sepa_debit'),
    au_becs_debit: t('paymentMethod.methods.au_becs_debit'),
    us_bank_account: t('paymentMethod.methods.us_bank_account'),
    klarna: t('paymentMethod.methods.klarna'),
    link: t('paymentMethod.methods.link'),
  };
  return {
    locale,
    money,
    date: (value: Date | number | null | undefined) => formatDate(value, locale),
    /** A Stripe recurring interval as a word: "month". */
    interval: per,
    /** "$15.00 / month". */
    price: (amount: number, currency: string, interval: string | null) => t('price', { amount: money(amount, currency), interval: per(interval) }),
    /** "Visa •••• 4242 · expires 12/29", "SEPA Direct Debit •••• 3204", or "None on file". */
    paymentMethod: (s: PaymentMethodColumns) =>
      formatPaymentMethod(
        { type: s.paymentMethodType, brand: s.paymentMethodBrand, last4: s.paymentMethodLast4, expMonth: s.paymentMethodExpMonth, expYear: s.paymentMethodExpYear },
        { none: t('paymentMethod.none'), expires: (expiry) => t('paymentMethod.expires', { expiry }), methods },
      ),
  };
}

export type BillingFormat = Awaited<ReturnType<typeof billingFormat>>;
