import type Stripe from 'stripe';
import { accountNameOf, type Ctx } from '../core/context.js';
import { recurringOf } from '../billing/periods.js';
import { formatAmount, formatDate } from './format.js';
import { escapeHtml, layout } from './layout.js';
import { fill, intervalText, localizeError, messages } from './page-text.js';

// The methods the hosted form can take, in the order of their tabs.
const FORM_METHODS = ['card', 'sepa_debit', 'au_becs_debit', 'klarna'] as const;
type FormMethod = (typeof FORM_METHODS)[number];

function isFormMethod(method: string): method is FormMethod {
  return FORM_METHODS.some((m) => m === method);
}

function summary(ctx: Ctx, session: Stripe.Checkout.Session): string {
  const m = messages();
  const state = ctx.store.checkoutState.get(session.id);
  const rows = (state?.lineItems ?? [])
    .map((li) => {
      const r = li.price ? recurringOf(li.price) : null;
      const amount = formatAmount(li.amount_total, li.currency);
      const price = r ? fill(m.common.perInterval, { amount, interval: intervalText(r.interval, r.interval_count) }) : amount;
      return `<tr><td>${escapeHtml(li.description)}<div class="muted">${escapeHtml(fill(m.checkout.quantity, { quantity: li.quantity ?? 1 }))}</div></td><td class="amt">${escapeHtml(price)}</td></tr>`;
    })
    .join('');
  const trial = state?.trialEnd ? `<tr><td colspan="2" class="muted">${escapeHtml(fill(m.checkout.trialUntil, { date: formatDate(state.trialEnd) }))}</td></tr>` : '';
  const dueToday = formatAmount(session.amount_total ?? 0, session.currency ?? 'usd');
  return `<table>${rows}${trial}<tr class="total"><td>${escapeHtml(m.checkout.totalDueToday)}</td><td class="amt">${escapeHtml(dueToday)}</td></tr></table>`;
}

function methodFields(method: FormMethod, klarnaEmail: string): string {
  const { common: c, checkout: m } = messages();
  switch (method) {
    case 'card':
      return `<label for="card_number">${escapeHtml(c.cardNumber)}</label><input type="text" id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242">
<div class="row"><div><label for="card_exp">${escapeHtml(c.expiry)}</label><input type="text" id="card_exp" name="card_exp" placeholder="12 / 34"></div><div><label for="card_cvc">${escapeHtml(c.cvc)}</label><input type="text" id="card_cvc" name="card_cvc" placeholder="123"></div></div>`;
    case 'sepa_debit':
      return `<label for="iban">${escapeHtml(m.iban)}</label><input type="text" id="iban" name="iban" placeholder="AT32 1904 3002 3547 3204">
<label for="sepa_name">${escapeHtml(c.name)}</label><input type="text" id="sepa_name" name="sepa_name"><label for="sepa_email">${escapeHtml(c.email)}</label><input type="email" id="sepa_email" name="sepa_email">`;
    case 'au_becs_debit':
      return `<div class="row"><div><label for="bsb">${escapeHtml(m.bsb)}</label><input type="text" id="bsb" name="bsb" placeholder="000-000"></div><div><label for="account">${escapeHtml(m.accountNumber)}</label><input type="text" id="account" name="account" placeholder="900123456"></div></div>
<label for="becs_name">${escapeHtml(c.name)}</label><input type="text" id="becs_name" name="becs_name"><label for="becs_email">${escapeHtml(c.email)}</label><input type="email" id="becs_email" name="becs_email">`;
    case 'klarna':
      return `<label for="klarna_email">${escapeHtml(c.email)}</label><input type="email" id="klarna_email" name="klarna_email" value="${escapeHtml(klarnaEmail)}" placeholder="customer@email.us"><p class="muted">${escapeHtml(m.klarnaCodeNext)}</p>`;
  }
}

export interface CheckoutPageOptions {
  /** A billing-domain message, in English; the page shows it in its own language. */
  error?: string;
  /** Klarna's second step: the email was accepted, ask for the code. */
  klarnaCodeFor?: string;
}

export function renderCheckoutPage(ctx: Ctx, session: Stripe.Checkout.Session, opts: CheckoutPageOptions = {}): string {
  const { common: c, checkout: m, methods } = messages();
  const action = `/c/pay/${encodeURIComponent(session.id)}`;
  const back = session.cancel_url ? `<a class="back" href="${escapeHtml(session.cancel_url)}">${escapeHtml(c.back)}</a>` : '';
  const error = opts.error ? `<div class="error" role="alert">${escapeHtml(localizeError(opts.error))}</div>` : '';
  const state = ctx.store.checkoutState.get(session.id);
  const paymentOptional = state?.trialEnd !== null && state?.trialEnd !== undefined && session.payment_method_collection === 'if_required';
  let form: string;
  if (session.status !== 'open') {
    const text = session.status === 'complete' ? m.sessionComplete : session.status === 'expired' ? m.sessionExpired : fill(m.sessionOther, { status: session.status ?? '' });
    form = `<div class="${session.status === 'complete' ? 'ok' : 'error'}">${escapeHtml(text)}</div>`;
  } else if (opts.klarnaCodeFor) {
    form = `<form method="post" action="${action}"><input type="hidden" name="method" value="klarna"><input type="hidden" name="klarna_email" value="${escapeHtml(opts.klarnaCodeFor)}">
<h2>${escapeHtml(m.klarnaVerification)}</h2><p class="muted">${escapeHtml(fill(m.klarnaCodeSent, { email: opts.klarnaCodeFor }))}</p>
<label for="klarna_code">${escapeHtml(m.code)}</label><input type="text" id="klarna_code" name="klarna_code" inputmode="numeric" maxlength="6" autofocus>
<button class="wide" type="submit">${escapeHtml(m.confirm)}</button></form>`;
  } else {
    const offered = session.payment_method_types.filter(isFormMethod);
    const tabs = offered
      .map((method, i) => `<input type="radio" name="method" id="m-${method}" value="${method}"${i === 0 ? ' checked' : ''}><label for="m-${method}" class="tab"><span>${escapeHtml(methods[method])}</span></label>`)
      .join('');
    const panes = offered.map((method) => `<div class="pane p-${method}">${methodFields(method, '')}</div>`).join('');
    const skip = paymentOptional ? `<button class="wide secondary" type="submit" name="method" value="none">${escapeHtml(m.startTrialWithout)}</button>` : '';
    const submitLabel = state?.trialEnd ? m.startTrial : m.subscribe;
    form = `<form method="post" action="${action}"><h2>${escapeHtml(c.paymentMethod)}</h2><div class="tabs">${tabs}<div class="panes" style="flex-basis:100%">${panes}</div></div>
<button class="wide" type="submit">${escapeHtml(submitLabel)}</button>${skip}</form>`;
  }
  const body = `<div class="wrap"><div class="col">${back}<div class="muted">${escapeHtml(accountNameOf(ctx))} <span class="badge">${escapeHtml(c.testMode)}</span></div><h1>${escapeHtml(m.heading)}</h1>${summary(ctx, session)}</div>
<div class="col"><div class="card">${error}${form}</div><p class="muted">${escapeHtml(fill(m.footer, { id: session.id }))}</p></div></div>`;
  return layout(m.title, body);
}

export function renderChallengePage(sessionId: string, last4: string): string {
  const m = messages().challenge;
  const action = `/c/3ds/${encodeURIComponent(sessionId)}`;
  // The text has an apostrophe that has always been written as is; only the card digits are escaped.
  return layout(m.title, `<div class="wrap"><div class="col card"><h1>${escapeHtml(m.heading)}</h1>
<p>${fill(m.body, { last4: escapeHtml(last4) })}</p>
<form method="post" action="${action}" class="inline"><button type="submit" name="action" value="approve">${escapeHtml(m.approve)}</button></form>
<form method="post" action="${action}" class="inline"><button type="submit" name="action" value="fail" class="danger">${escapeHtml(m.fail)}</button></form></div></div>`);
}
