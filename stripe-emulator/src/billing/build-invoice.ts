import type Stripe from 'stripe';
import { DEFAULT_ACCOUNT_NAME } from '../core/context.js';
import { newId } from '../core/ids.js';

export interface LineSpec {
  amount: number;
  currency: string;
  description: string;
  price: Stripe.Price;
  quantity: number;
  period: { start: number; end: number };
  subscriptionId: string;
  subscriptionItemId: string;
  proration: boolean;
}

export function buildLine(spec: LineSpec, invoiceId: string | null): Stripe.InvoiceLineItem {
  return {
    id: newId('il'),
    object: 'line_item',
    amount: spec.amount,
    currency: spec.currency,
    description: spec.description,
    discount_amounts: [],
    discountable: !spec.proration,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    parent: {
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: spec.proration ? newId('ii') : null,
        proration: spec.proration,
        proration_details: { credited_items: null },
        subscription: spec.subscriptionId,
        subscription_item: spec.subscriptionItemId,
      },
      type: 'subscription_item_details',
    },
    period: spec.period,
    pretax_credit_amounts: [],
    pricing: {
      price_details: { price: spec.price.id, product: typeof spec.price.product === 'string' ? spec.price.product : spec.price.product.id },
      type: 'price_details',
      unit_amount_decimal: spec.price.unit_amount_decimal,
    },
    quantity: spec.quantity,
    quantity_decimal: null,
    subscription: spec.subscriptionId,
    subtotal: spec.amount,
    taxes: [],
  };
}

export interface InvoiceSpec {
  id?: string;
  customer: Stripe.Customer;
  /** Null for a one-off invoice (`POST /v1/invoices`), which then needs `currency`. */
  subscription: Stripe.Subscription | null;
  currency?: string;
  description?: string | null;
  metadata?: Stripe.Metadata;
  billingReason: Stripe.Invoice.BillingReason;
  lines: Stripe.InvoiceLineItem[];
  created: number;
  period: { start: number; end: number };
  hostedUrl: string | null;
  prorationDate?: number;
  /** The invoice's `account_name` (accountNameOf(ctx)). */
  accountName?: string;
}

export function buildInvoice(spec: InvoiceSpec): Stripe.Invoice {
  const id = spec.id ?? newId('in');
  for (const line of spec.lines) line.invoice = id;
  const total = spec.lines.reduce((sum, l) => sum + l.amount, 0);
  const amountDue = Math.max(0, total);
  const c = spec.customer;
  return {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: spec.accountName ?? DEFAULT_ACCOUNT_NAME,
    account_tax_ids: null,
    amount_due: amountDue,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: amountDue,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: spec.billingReason,
    collection_method: 'charge_automatically',
    created: spec.created,
    currency: spec.subscription?.currency ?? spec.currency ?? 'usd',
    custom_fields: null,
    customer: c.id,
    customer_account: null,
    customer_address: c.address ?? null,
    customer_email: c.email,
    customer_name: c.name ?? null,
    customer_phone: c.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: c.tax_exempt ?? 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: spec.description ?? null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: spec.hostedUrl,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: spec.lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: spec.metadata ?? {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: spec.subscription
      ? {
          quote_details: null,
          subscription_details: {
            metadata: spec.subscription.metadata,
            subscription: spec.subscription.id,
            ...(spec.prorationDate !== undefined ? { subscription_proration_date: spec.prorationDate } : {}),
          },
          type: 'subscription_details',
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    payments: { object: 'list', data: [], has_more: false, url: `/v1/invoice_payments?invoice=${id}` },
    period_end: spec.period.end,
    period_start: spec.period.start,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: spec.subscription ? spec.subscription.test_clock : typeof c.test_clock === 'string' ? c.test_clock : (c.test_clock?.id ?? null),
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
}
