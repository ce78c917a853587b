import Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { invalidRequest, missing, missingParam } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { paginateStore } from '../http/list.js';
import type { Params } from '../http/params.js';
import type { Router } from '../http/router.js';
import { buildInvoice } from '../billing/build-invoice.js';
import { finalizeInvoice } from '../billing/invoicing.js';
import { getCustomer } from './customers.js';
import { getInvoice } from './invoices.js';

/**
 * One-off invoices the way `stripe trigger invoice.*` makes them: invoice items waiting on the
 * customer, an invoice that takes them (`pending_invoice_items_behavior: include`), finalized and
 * paid (or declined) through the API. Only `charge_automatically`; no taxes, discounts or prices
 * on items beyond a plain amount or `pricing[price]`.
 */
function getInvoiceItem(ctx: Ctx, id: string): Stripe.InvoiceItem {
  const item = ctx.store.invoiceItems.get(id);
  if (!item) throw missing('invoiceitem', id);
  return item;
}

function lineOf(item: Stripe.InvoiceItem, invoiceId: string): Stripe.InvoiceLineItem {
  const price = item.pricing?.price_details?.price ?? null;
  const product = item.pricing?.price_details?.product ?? null;
  return {
    id: newId('il'),
    object: 'line_item',
    amount: item.amount,
    currency: item.currency,
    description: item.description,
    discount_amounts: [],
    discountable: item.discountable,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: item.metadata ?? {},
    parent: {
      invoice_item_details: { invoice_item: item.id, proration: false, proration_details: { credited_items: null }, subscription: null },
      subscription_item_details: null,
      type: 'invoice_item_details',
    },
    period: item.period,
    pretax_credit_amounts: [],
    pricing: price && product ? { price_details: { price, product }, type: 'price_details', unit_amount_decimal: item.pricing?.unit_amount_decimal ?? null } : null,
    quantity: item.quantity,
    quantity_decimal: item.quantity_decimal,
    subscription: null,
    subtotal: item.amount,
    taxes: [],
  };
}

function createInvoiceItem(ctx: Ctx, p: Params): Stripe.InvoiceItem {
  const customer = getCustomer(ctx, p.requiredString('customer'), 'customer');
  const priceId = p.object('pricing')?.string('price');
  const price = priceId ? ctx.store.prices.get(priceId) : undefined;
  if (priceId && !price) throw missingParam('price', priceId, 'pricing[price]');
  const quantity = p.int('quantity') ?? 1;
  const amount = price ? (price.unit_amount ?? 0) * quantity : p.int('amount');
  if (amount === undefined) throw invalidRequest('Missing required param: amount.', 'amount', 'parameter_missing');
  const currency = (price?.currency ?? p.string('currency') ?? '').toLowerCase();
  if (!currency) throw invalidRequest('Missing required param: currency.', 'currency', 'parameter_missing');
  const invoiceId = p.string('invoice') || null;
  if (invoiceId) {
    const invoice = getInvoice(ctx, invoiceId);
    if (invoice.status !== 'draft') throw invalidRequest('You can only add invoice items to a draft invoice.', 'invoice');
  }
  const now = ctx.clock.nowFor(customer.id);
  const period = p.object('period');
  const item: Stripe.InvoiceItem = {
    id: newId('ii'),
    object: 'invoiceitem',
    amount,
    currency,
    customer: customer.id,
    customer_account: null,
    date: now,
    description: p.string('description') || (price ? (ctx.store.products.get(String(price.product))?.name ?? null) : null),
    discountable: p.bool('discountable') ?? true,
    discounts: [],
    invoice: null,
    livemode: false,
    metadata: p.metadata(),
    // No discounts here, so what is invoiced is the amount.
    net_amount: amount,
    parent: null,
    period: { start: period?.int('start') ?? now, end: period?.int('end') ?? now },
    pricing: price ? { price_details: { price: price.id, product: String(price.product) }, type: 'price_details', unit_amount_decimal: price.unit_amount_decimal } : null,
    proration: false,
    quantity,
    quantity_decimal: Stripe.Decimal.from(String(quantity)),
    tax_rates: [],
    test_clock: typeof customer.test_clock === 'string' ? customer.test_clock : (customer.test_clock?.id ?? null),
  };
  ctx.store.invoiceItems.set(item.id, item);
  if (invoiceId) addToInvoice(ctx, getInvoice(ctx, invoiceId), [item]);
  ctx.events.emit('invoiceitem.created', item, now);
  return item;
}

function addToInvoice(ctx: Ctx, invoice: Stripe.Invoice, items: Stripe.InvoiceItem[]): void {
  for (const item of items) {
    item.invoice = invoice.id;
    invoice.lines.data.push(lineOf(item, invoice.id));
  }
  const total = invoice.lines.data.reduce((sum, l) => sum + l.amount, 0);
  invoice.subtotal = total;
  invoice.subtotal_excluding_tax = total;
  invoice.total = total;
  invoice.total_excluding_tax = total;
  invoice.amount_due = Math.max(0, total);
  invoice.amount_remaining = invoice.amount_due;
}

export function registerInvoiceItems(router: Router, ctx: Ctx): void {
  router.post('/v1/invoiceitems', ({ params }) => createInvoiceItem(ctx, params));

  router.get('/v1/invoiceitems/:id', ({ pathParams }) => getInvoiceItem(ctx, pathParams.id ?? ''));

  router.get('/v1/invoiceitems', ({ params: p, path }) => {
    const customer = p.string('customer');
    const pending = p.bool('pending');
    const invoice = p.string('invoice');
    const keep = (ii: Stripe.InvoiceItem): boolean =>
      (pending === undefined || (ii.invoice === null) === pending) && (!invoice || ii.invoice === invoice);
    return paginateStore(ctx.store.invoiceItems, keep, p, path, customer ? { group: 'customer', key: customer } : undefined);
  });

  router.post('/v1/invoices', ({ params: p }) => {
    const customer = getCustomer(ctx, p.requiredString('customer'), 'customer');
    const method = p.enumOf('collection_method', ['charge_automatically', 'send_invoice'] as const);
    if (method === 'send_invoice') throw invalidRequest('The emulator only makes charge_automatically invoices.', 'collection_method');
    if (p.has('subscription')) throw invalidRequest('The emulator makes subscription invoices itself; create one-off invoices without `subscription`.', 'subscription');
    const behavior = p.enumOf('pending_invoice_items_behavior', ['exclude', 'include'] as const) ?? 'exclude';
    const pending = behavior === 'include' ? ctx.store.invoiceItems.valuesBy('customer', customer.id).filter((ii) => ii.invoice === null) : [];
    const now = ctx.clock.nowFor(customer.id);
    const invoice = buildInvoice({
      customer,
      subscription: null,
      currency: p.string('currency')?.toLowerCase() ?? pending[0]?.currency ?? 'usd',
      description: p.string('description') || null,
      metadata: p.metadata(),
      billingReason: 'manual',
      lines: [],
      created: now,
      period: { start: now, end: now },
      hostedUrl: null,
    });
    invoice.auto_advance = p.bool('auto_advance') ?? false;
    const pmId = p.string('default_payment_method') || null;
    invoice.default_payment_method = pmId;
    addToInvoice(ctx, invoice, pending);
    ctx.store.invoices.set(invoice.id, invoice);
    ctx.events.emit('invoice.created', invoice, now);
    return invoice;
  });

  router.post('/v1/invoices/:id/finalize', ({ pathParams, params: p }) => {
    const invoice = getInvoice(ctx, pathParams.id ?? '');
    if (invoice.status !== 'draft') throw invalidRequest(`This invoice is already finalized, you can't re-finalize a non-draft invoice.`, undefined, 'invoice_not_editable');
    const customerId = typeof invoice.customer === 'string' ? invoice.customer : (invoice.customer?.id ?? '');
    const customer = getCustomer(ctx, customerId);
    if (p.has('auto_advance')) invoice.auto_advance = p.bool('auto_advance') ?? invoice.auto_advance;
    finalizeInvoice(ctx, invoice, customer, ctx.clock.nowFor(customerId));
    return invoice;
  });
}
