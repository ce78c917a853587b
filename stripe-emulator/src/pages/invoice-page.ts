import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { ApiError } from '../core/errors.js';
import { formatAmount, formatDate, formatInvoiceStatus } from './format.js';
import { classify } from '../billing/test-values.js';
import type { FormObject } from '../http/parse-form.js';
import { payInvoice } from '../resources/invoices.js';
import { attachPaymentMethod, buildPaymentMethod, storePaymentMethod } from '../resources/payment-methods.js';
import { paymentFromForm } from './payment-form.js';
import { escapeHtml, layout, notFound } from './layout.js';
import type { PageResponse } from './page-response.js';
import { fill, localizeError, messages } from './page-text.js';

/** The invoice page; `message` and `error` are already in the page's language. */
function render(invoice: Stripe.Invoice, message?: string, error?: string): string {
  const { common: c, invoice: m } = messages();
  const rows = invoice.lines.data
    .map((l) => `<tr><td>${escapeHtml(l.description)}<div class="muted">${escapeHtml(formatDate(l.period.start))} – ${escapeHtml(formatDate(l.period.end))}</div></td><td class="amt">${escapeHtml(formatAmount(l.amount, l.currency))}</td></tr>`)
    .join('');
  const pay = invoice.status === 'open'
    ? `<form method="post" action="/i/${encodeURIComponent(invoice.id)}/pay"><h2>${escapeHtml(m.payWithCard)}</h2><label for="card_number">${escapeHtml(c.cardNumber)}</label><input type="text" id="card_number" name="card_number" placeholder="4242 4242 4242 4242">
<div class="row"><div><label for="card_exp">${escapeHtml(c.expiry)}</label><input type="text" id="card_exp" name="card_exp"></div><div><label for="card_cvc">${escapeHtml(c.cvc)}</label><input type="text" id="card_cvc" name="card_cvc"></div></div>
<button class="wide" type="submit">${escapeHtml(fill(m.pay, { amount: formatAmount(invoice.amount_remaining, invoice.currency) }))}</button></form>`
    : '';
  return layout(fill(m.title, { number: invoice.number ?? invoice.id }), `<div class="wrap"><div class="col"><div class="muted">${escapeHtml(invoice.account_name)} <span class="badge">${escapeHtml(c.testMode)}</span></div><h1>${escapeHtml(fill(m.title, { number: invoice.number ?? '' }))}</h1>
<p class="muted">${escapeHtml(m.status)} <strong>${escapeHtml(formatInvoiceStatus(invoice.status))}</strong> · ${escapeHtml(formatDate(invoice.created))}</p>
<table>${rows}<tr class="total"><td>${escapeHtml(m.total)}</td><td class="amt">${escapeHtml(formatAmount(invoice.total, invoice.currency))}</td></tr><tr><td>${escapeHtml(m.amountPaid)}</td><td class="amt">${escapeHtml(formatAmount(invoice.amount_paid, invoice.currency))}</td></tr></table></div>
<div class="col"><div class="card">${message ? `<div class="ok" role="status">${escapeHtml(message)}</div>` : ''}${error ? `<div class="error" role="alert">${escapeHtml(error)}</div>` : ''}${pay || `<p>${escapeHtml(m.nothingToPay)}</p>`}</div></div></div>`);
}

export function invoicePage(ctx: Ctx, method: string, invoiceId: string, action: string | null, form: FormObject): PageResponse {
  const invoice = ctx.store.invoices.get(invoiceId);
  if (!invoice) return notFound(fill(messages().notFound.invoice, { id: invoiceId }));
  if (method !== 'POST' || action !== 'pay') return { status: 200, body: render(invoice) };
  const customerId = typeof invoice.customer === 'string' ? invoice.customer : null;
  const input = paymentFromForm({ ...form, method: 'card' });
  if ('klarnaEmailOnly' in input || input.type !== 'card' || !customerId) return { status: 400, body: render(invoice, undefined, messages().portal.enterCard) };
  const now = ctx.clock.nowFor(customerId);
  const verdict = classify(input, new Date(now * 1000));
  if (verdict.rejectNow) return { status: 402, body: render(invoice, undefined, localizeError(verdict.rejectNow.message)) };
  const pm = storePaymentMethod(ctx, buildPaymentMethod(input, now), verdict);
  attachPaymentMethod(ctx, pm, customerId);
  try {
    payInvoice(ctx, invoice, pm);
    ctx.changed();
    return { status: 200, body: render(invoice, messages().invoice.paid) };
  } catch (err) {
    ctx.changed();
    return { status: 402, body: render(invoice, undefined, localizeError(err instanceof ApiError ? err.body.message : String(err))) };
  }
}
