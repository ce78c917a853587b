import type Stripe from 'stripe';
import { accountNameOf, type Ctx } from '../core/context.js';
import { recurringOf } from '../billing/periods.js';
import { formatAmount, formatCard, formatDate, formatInvoiceStatus } from './format.js';
import { periodOf } from '../billing/subscription-events.js';
import { escapeHtml, layout } from './layout.js';
import { fill, intervalText, lookup, messages } from './page-text.js';

export const LIVE_STATUSES: readonly Stripe.Subscription.Status[] = ['active', 'trialing', 'past_due', 'paused', 'unpaid', 'incomplete'];

function priceText(ctx: Ctx, price: Stripe.Price): string {
  const productId = typeof price.product === 'string' ? price.product : price.product.id;
  const name = ctx.store.products.get(productId)?.name ?? productId;
  const r = recurringOf(price);
  const amount = formatAmount(price.unit_amount ?? 0, price.currency);
  return `${name} — ${fill(messages().common.perInterval, { amount, interval: intervalText(r.interval, r.interval_count) })}`;
}

/** Prices the configuration lets the customer switch to. */
export function allowedPrices(ctx: Ctx, config: Stripe.BillingPortal.Configuration): Stripe.Price[] {
  const update = config.features.subscription_update;
  if (!update.enabled || !update.default_allowed_updates.includes('price')) return [];
  return (update.products ?? []).flatMap((p) => p.prices.flatMap((id) => ctx.store.prices.get(id) ?? []));
}

function subscriptionCard(ctx: Ctx, base: string, sub: Stripe.Subscription, config: Stripe.BillingPortal.Configuration): string {
  const item = sub.items.data[0];
  if (!item) return '';
  const m = messages().portal;
  const end = periodOf(sub).end;
  const statusLine = sub.cancel_at
    ? fill(m.cancelsOn, { date: formatDate(sub.cancel_at) })
    : sub.status === 'trialing' && sub.trial_end
      ? fill(m.trialEnds, { date: formatDate(sub.trial_end) })
      : sub.status === 'active'
        ? fill(m.renewsOn, { date: formatDate(end) })
        : fill(m.status, { status: lookup(messages().subscriptionStatuses, sub.status) ?? sub.status });
  const switches = allowedPrices(ctx, config)
    .filter((p) => p.id !== item.price.id)
    .map(
      (p) => `<form method="post" action="${base}/switch" class="inline"><input type="hidden" name="subscription" value="${escapeHtml(sub.id)}"><input type="hidden" name="price" value="${escapeHtml(p.id)}"><button class="secondary" type="submit">${escapeHtml(fill(m.switchTo, { price: priceText(ctx, p) }))}</button></form> `,
    )
    .join('');
  const cancel = config.features.subscription_cancel;
  let cancelForm = '';
  if (sub.cancel_at) {
    // A trusted text whose apostrophe has always been written as is.
    cancelForm = `<form method="post" action="${base}/renew"><input type="hidden" name="subscription" value="${escapeHtml(sub.id)}"><button type="submit">${m.dontCancel}</button></form>`;
  } else if (cancel.enabled && sub.status !== 'paused') {
    const label = cancel.mode === 'immediately' ? m.cancelNow : m.cancelAtPeriodEnd;
    cancelForm = `<form method="post" action="${base}/cancel"><input type="hidden" name="subscription" value="${escapeHtml(sub.id)}"><button class="danger" type="submit">${escapeHtml(label)}</button></form>`;
  }
  return `<div class="card"><h2>${escapeHtml(m.currentPlan)}</h2><p><strong>${escapeHtml(priceText(ctx, item.price))}</strong></p><p class="muted">${escapeHtml(statusLine)}</p>
${switches ? `<h2>${escapeHtml(m.changePlan)}</h2><p>${switches}</p>` : ''}${cancelForm}</div>`;
}

/** The portal page; `message` and `error` are already in the page's language. */
export function renderPortalPage(ctx: Ctx, session: Stripe.BillingPortal.Session, message?: string, error?: string): string {
  const { common: c, portal: m, methods } = messages();
  const base = `/p/session/${encodeURIComponent(session.id)}`;
  const config = ctx.store.portalConfigurations.get(typeof session.configuration === 'string' ? session.configuration : session.configuration.id);
  const customer = ctx.store.customers.get(session.customer);
  if (!config || !customer) return layout(m.title, `<p>${escapeHtml(m.noLongerValid)}</p>`);
  const subs = [...ctx.store.subscriptions.values()].filter((s) => s.customer === customer.id && LIVE_STATUSES.includes(s.status));
  const plans = subs.length ? subs.map((s) => subscriptionCard(ctx, base, s, config)).join('') : `<div class="card"><p>${escapeHtml(m.noSubscription)}</p></div>`;
  const pmId = customer.invoice_settings.default_payment_method;
  const pm = typeof pmId === 'string' ? ctx.store.paymentMethods.get(pmId) : undefined;
  const pmText = pm?.card ? formatCard(pm.card) : pm ? (lookup(methods, pm.type) ?? pm.type) : m.noPaymentMethod;
  const updateCard = config.features.payment_method_update.enabled
    ? `<form method="post" action="${base}/update-card"><label for="card_number">${escapeHtml(m.newCardNumber)}</label><input type="text" id="card_number" name="card_number" placeholder="4242 4242 4242 4242">
<div class="row"><div><label for="card_exp">${escapeHtml(c.expiry)}</label><input type="text" id="card_exp" name="card_exp" placeholder="12 / 34"></div><div><label for="card_cvc">${escapeHtml(c.cvc)}</label><input type="text" id="card_cvc" name="card_cvc"></div></div><button class="wide" type="submit">${escapeHtml(m.updateCard)}</button></form>`
    : '';
  const invoices = config.features.invoice_history.enabled
    ? [...ctx.store.invoices.values()]
        .filter((i) => i.customer === customer.id && i.status !== 'draft')
        .reverse()
        .map((i) => `<tr><td>${escapeHtml(formatDate(i.created))}</td><td>${escapeHtml(formatInvoiceStatus(i.status))}</td><td class="amt"><a href="${escapeHtml(i.hosted_invoice_url)}">${escapeHtml(formatAmount(i.total, i.currency))}</a></td></tr>`)
        .join('')
    : '';
  const allowed = config.features.customer_update.enabled ? config.features.customer_update.allowed_updates : [];
  const detailFields = [
    allowed.includes('name') ? `<label for="name">${escapeHtml(c.name)}</label><input type="text" id="name" name="name" value="${escapeHtml(customer.name)}">` : '',
    allowed.includes('email') ? `<label for="email">${escapeHtml(c.email)}</label><input type="email" id="email" name="email" value="${escapeHtml(customer.email)}">` : '',
  ].join('');
  const details = detailFields
    ? `<div class="card"><h2>${escapeHtml(m.billingDetails)}</h2><form method="post" action="${base}/update-details">${detailFields}<button class="wide secondary" type="submit">${escapeHtml(m.save)}</button></form></div>`
    : '';
  const back = session.return_url ? `<a class="back" href="${escapeHtml(session.return_url)}">${escapeHtml(fill(m.returnTo, { account: accountNameOf(ctx) }))}</a>` : '';
  const body = `<div class="wrap"><div class="col">${back}<div class="muted">${escapeHtml(accountNameOf(ctx))} <span class="badge">${escapeHtml(c.testMode)}</span></div><h1>${escapeHtml(m.title)}</h1><p class="muted">${escapeHtml(customer.email)}</p>
${message ? `<div class="ok" role="status">${escapeHtml(message)}</div>` : ''}${error ? `<div class="error" role="alert">${escapeHtml(error)}</div>` : ''}${plans}</div>
<div class="col"><div class="card"><h2>${escapeHtml(c.paymentMethod)}</h2><p>${escapeHtml(pmText)}</p>${updateCard}</div>${details}
${invoices ? `<div class="card"><h2>${escapeHtml(m.invoiceHistory)}</h2><table>${invoices}</table></div>` : ''}</div></div>`;
  return layout(m.title, body);
}
