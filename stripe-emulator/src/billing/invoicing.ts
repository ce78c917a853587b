import type Stripe from 'stripe';
import { accountNameOf, type Ctx } from '../core/context.js';
import { newId } from '../core/ids.js';
import { buildInvoice, buildLine } from './build-invoice.js';
import { formatAmount, recurringOf } from './periods.js';
import { markInvoicePaid } from './payments.js';

export function productName(ctx: Ctx, productId: string): string {
  return ctx.store.products.get(productId)?.name ?? productId;
}

function priceLabel(price: Stripe.Price): string {
  const r = recurringOf(price);
  const every = r.interval_count === 1 ? r.interval : `${r.interval_count} ${r.interval}s`;
  return `${formatAmount(price.unit_amount ?? 0, price.currency)} / ${every}`;
}

/** The line for one full period of an item, or the $0 trial line. */
export function periodLine(ctx: Ctx, sub: Stripe.Subscription, item: Stripe.SubscriptionItem, period: { start: number; end: number }, trial: boolean): Stripe.InvoiceLineItem {
  const quantity = item.quantity ?? 1;
  const product = productName(ctx, typeof item.price.product === 'string' ? item.price.product : item.price.product.id);
  return buildLine(
    {
      amount: trial ? 0 : (item.price.unit_amount ?? 0) * quantity,
      currency: sub.currency,
      description: trial ? `Trial period for ${product}` : `${quantity} × ${product} (at ${priceLabel(item.price)})`,
      price: item.price,
      quantity,
      period,
      subscriptionId: sub.id,
      subscriptionItemId: item.id,
      proration: false,
    },
    null,
  );
}

export function hostedInvoiceUrl(ctx: Ctx, invoiceId: string): string {
  return `${ctx.publicUrl()}/i/${invoiceId}`;
}

/**
 * Creates and finalizes a subscription invoice (Stripe finalizes automatically about an
 * hour later; the emulator does it at once). A zero total is paid on finalization.
 */
export function issueInvoice(
  ctx: Ctx,
  sub: Stripe.Subscription,
  reason: Stripe.Invoice.BillingReason,
  lines: Stripe.InvoiceLineItem[],
  period: { start: number; end: number },
  now: number,
): Stripe.Invoice {
  const customerId = typeof sub.customer === 'string' ? sub.customer : sub.customer.id;
  const customer = ctx.store.customers.get(customerId);
  if (!customer) throw new Error(`customer ${customerId} vanished`);
  const id = newId('in');
  const invoice = buildInvoice({ id, customer, subscription: sub, billingReason: reason, lines, created: now, period, hostedUrl: null, accountName: accountNameOf(ctx) });
  ctx.store.invoices.set(invoice.id, invoice);
  sub.latest_invoice = invoice.id;
  ctx.events.emit('invoice.created', invoice, now);
  finalizeInvoice(ctx, invoice, customer, now);
  return invoice;
}

export function finalizeInvoice(ctx: Ctx, invoice: Stripe.Invoice, customer: Stripe.Customer, now: number): void {
  const seq = customer.next_invoice_sequence ?? 1;
  customer.next_invoice_sequence = seq + 1;
  invoice.number = `${customer.invoice_prefix ?? 'EMU'}-${String(seq).padStart(4, '0')}`;
  invoice.status = 'open';
  invoice.effective_at = now;
  invoice.status_transitions.finalized_at = now;
  invoice.hosted_invoice_url = hostedInvoiceUrl(ctx, invoice.id);
  invoice.invoice_pdf = `${hostedInvoiceUrl(ctx, invoice.id)}/pdf`;
  ctx.events.emit('invoice.finalized', invoice, now);
  if (invoice.amount_due === 0) markInvoicePaid(ctx, invoice, null, now);
}

export function voidInvoice(ctx: Ctx, invoice: Stripe.Invoice, now: number): void {
  if (invoice.status !== 'open' && invoice.status !== 'draft') return;
  invoice.status = 'void';
  invoice.status_transitions.voided_at = now;
  invoice.amount_remaining = 0;
  ctx.events.emit('invoice.voided', invoice, now);
}
