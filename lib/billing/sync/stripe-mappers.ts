import type Stripe from 'stripe';
import { idOf } from '@/lib/stripe/reference';
import type { NewInvoiceRow, NewSubscriptionRow } from '@/db/schema';

// Stripe objects in, our own row shapes out. Part of the Stripe boundary (see lib/stripe/reshape.ts):
// no module outside it exports a Stripe type.

const toDate = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null);

export type PaymentMethodSummary = {
  paymentMethodType: string | null;
  paymentMethodBrand: string | null;
  paymentMethodLast4: string | null;
  paymentMethodExpMonth: number | null;
  paymentMethodExpYear: number | null;
};

const NO_PAYMENT_METHOD: PaymentMethodSummary = {
  paymentMethodType: null,
  paymentMethodBrand: null,
  paymentMethodLast4: null,
  paymentMethodExpMonth: null,
  paymentMethodExpYear: null,
};

export function summarizePaymentMethod(pm: Stripe.PaymentMethod | string | null | undefined): PaymentMethodSummary {
  if (!pm || typeof pm === 'string') return NO_PAYMENT_METHOD;
  const last4 = pm.card?.last4 ?? pm.sepa_debit?.last4 ?? pm.au_becs_debit?.last4 ?? pm.us_bank_account?.last4 ?? null;
  return {
    paymentMethodType: pm.type,
    paymentMethodBrand: pm.card?.brand ?? null,
    paymentMethodLast4: last4,
    paymentMethodExpMonth: pm.card?.exp_month ?? null,
    paymentMethodExpYear: pm.card?.exp_year ?? null,
  };
}

export function toSubscriptionRow(
  subscription: Stripe.Subscription,
  userId: string,
  fallbackPaymentMethod: PaymentMethodSummary,
  syncedAt: Date,
): NewSubscriptionRow | null {
  const item = subscription.items.data[0];
  if (!item) return null;
  const ownMethod = summarizePaymentMethod(subscription.default_payment_method);
  return {
    id: subscription.id,
    userId,
    stripeCustomerId: idOf(subscription.customer),
    status: subscription.status,
    productId: idOf(item.price.product),
    priceId: item.price.id,
    priceLookupKey: item.price.lookup_key,
    unitAmount: item.price.unit_amount,
    currency: item.price.currency,
    interval: item.price.recurring?.interval ?? null,
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    cancelAt: toDate(subscription.cancel_at),
    canceledAt: toDate(subscription.canceled_at),
    endedAt: toDate(subscription.ended_at),
    currentPeriodStart: toDate(item.current_period_start),
    currentPeriodEnd: toDate(item.current_period_end),
    trialEnd: toDate(subscription.trial_end),
    ...(ownMethod.paymentMethodType ? ownMethod : fallbackPaymentMethod),
    ownPaymentMethodId: subscription.default_payment_method ? idOf(subscription.default_payment_method) : null,
    createdAt: new Date(subscription.created * 1000),
    syncedAt,
  };
}

/** The features an entitlement list grants, by lookup key, in a stable order. */
export function featuresOf(entitlements: { lookup_key: string }[]): string[] {
  return [...new Set(entitlements.map((e) => e.lookup_key))].sort();
}

export function toInvoiceRow(invoice: Stripe.Invoice, userId: string, syncedAt: Date): NewInvoiceRow | null {
  if (!invoice.id) return null;
  const subscription = invoice.parent?.subscription_details?.subscription;
  return {
    id: invoice.id,
    userId,
    stripeCustomerId: idOf(invoice.customer ?? ''),
    subscriptionId: subscription ? idOf(subscription) : null,
    number: invoice.number,
    status: invoice.status,
    currency: invoice.currency,
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    total: invoice.total,
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    periodStart: toDate(invoice.period_start),
    periodEnd: toDate(invoice.period_end),
    createdAt: new Date(invoice.created * 1000),
    syncedAt,
  };
}
