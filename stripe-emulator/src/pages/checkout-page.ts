import type Stripe from 'stripe';
import { accountNameOf, type Ctx } from '../core/context.js';
import { recurringOf } from '../billing/periods.js';
import { formatAmount, formatDate } from './format.js';
import { escapeHtml, layout } from './layout.js';

const METHOD_LABELS: Record<string, string> = { card: 'Card', sepa_debit: 'SEPA Direct Debit', au_becs_debit: 'BECS Direct Debit', klarna: 'Klarna' };

function summary(ctx: Ctx, session: Stripe.Checkout.Session): string {
  const state = ctx.store.checkoutState.get(session.id);
  const rows = (state?.lineItems ?? [])
    .map((li) => {
      const r = li.price ? recurringOf(li.price) : null;
      const every = r ? ` / ${r.interval_count === 1 ? r.interval : `${r.interval_count} ${r.interval}s`}` : '';
      return `<tr><td>${escapeHtml(li.description)}<div class="muted">Qty ${li.quantity ?? 1}</div></td><td class="amt">${escapeHtml(formatAmount(li.amount_total, li.currency))}${escapeHtml(every)}</td></tr>`;
    })
    .join('');
  const trial = state?.trialEnd ? `<tr><td colspan="2" class="muted">Free trial until ${escapeHtml(formatDate(state.trialEnd))}</td></tr>` : '';
  const dueToday = formatAmount(session.amount_total ?? 0, session.currency ?? 'usd');
  return `<table>${rows}${trial}<tr class="total"><td>Total due today</td><td class="amt">${escapeHtml(dueToday)}</td></tr></table>`;
}

function methodFields(method: string, klarnaEmail: string): string {
  switch (method) {
    case 'card':
      return `<label for="card_number">Card number</label><input type="text" id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242">
<div class="row"><div><label for="card_exp">Expiry (MM / YY)</label><input type="text" id="card_exp" name="card_exp" placeholder="12 / 34"></div><div><label for="card_cvc">CVC</label><input type="text" id="card_cvc" name="card_cvc" placeholder="123"></div></div>`;
    case 'sepa_debit':
      return `<label for="iban">IBAN</label><input type="text" id="iban" name="iban" placeholder="AT32 1904 3002 3547 3204">
<label for="sepa_name">Name</label><input type="text" id="sepa_name" name="sepa_name"><label for="sepa_email">Email</label><input type="email" id="sepa_email" name="sepa_email">`;
    case 'au_becs_debit':
      return `<div class="row"><div><label for="bsb">BSB</label><input type="text" id="bsb" name="bsb" placeholder="000-000"></div><div><label for="account">Account number</label><input type="text" id="account" name="account" placeholder="900123456"></div></div>
<label for="becs_name">Name</label><input type="text" id="becs_name" name="becs_name"><label for="becs_email">Email</label><input type="email" id="becs_email" name="becs_email">`;
    case 'klarna':
      return `<label for="klarna_email">Email</label><input type="email" id="klarna_email" name="klarna_email" value="${escapeHtml(klarnaEmail)}" placeholder="customer@email.us"><p class="muted">Klarna sends a six-digit code next.</p>`;
    default:
      return '';
  }
}

export interface CheckoutPageOptions {
  error?: string;
  /** Klarna's second step: the email was accepted, ask for the code. */
  klarnaCodeFor?: string;
}

export function renderCheckoutPage(ctx: Ctx, session: Stripe.Checkout.Session, opts: CheckoutPageOptions = {}): string {
  const action = `/c/pay/${encodeURIComponent(session.id)}`;
  const back = session.cancel_url ? `<a class="back" href="${escapeHtml(session.cancel_url)}">← Back</a>` : '';
  const error = opts.error ? `<div class="error" role="alert">${escapeHtml(opts.error)}</div>` : '';
  const state = ctx.store.checkoutState.get(session.id);
  const paymentOptional = state?.trialEnd !== null && state?.trialEnd !== undefined && session.payment_method_collection === 'if_required';
  let form: string;
  if (session.status !== 'open') {
    form = `<div class="${session.status === 'complete' ? 'ok' : 'error'}">This Checkout Session is ${escapeHtml(session.status)}.</div>`;
  } else if (opts.klarnaCodeFor) {
    form = `<form method="post" action="${action}"><input type="hidden" name="method" value="klarna"><input type="hidden" name="klarna_email" value="${escapeHtml(opts.klarnaCodeFor)}">
<h2>Klarna verification</h2><p class="muted">Enter the six-digit code sent to ${escapeHtml(opts.klarnaCodeFor)}. Any code works except 999999.</p>
<label for="klarna_code">Code</label><input type="text" id="klarna_code" name="klarna_code" inputmode="numeric" maxlength="6" autofocus>
<button class="wide" type="submit">Confirm</button></form>`;
  } else {
    const methods = session.payment_method_types.filter((m) => METHOD_LABELS[m]);
    const tabs = methods
      .map((m, i) => `<input type="radio" name="method" id="m-${m}" value="${m}"${i === 0 ? ' checked' : ''}><label for="m-${m}" class="tab"><span>${escapeHtml(METHOD_LABELS[m])}</span></label>`)
      .join('');
    const panes = methods.map((m) => `<div class="pane p-${m}">${methodFields(m, '')}</div>`).join('');
    const skip = paymentOptional ? `<button class="wide secondary" type="submit" name="method" value="none">Start trial without a payment method</button>` : '';
    const submitLabel = state?.trialEnd ? 'Start trial' : 'Subscribe';
    form = `<form method="post" action="${action}"><h2>Payment method</h2><div class="tabs">${tabs}<div class="panes" style="flex-basis:100%">${panes}</div></div>
<button class="wide" type="submit">${submitLabel}</button>${skip}</form>`;
  }
  const body = `<div class="wrap"><div class="col">${back}<div class="muted">${escapeHtml(accountNameOf(ctx))} <span class="badge">Test mode</span></div><h1>Subscribe</h1>${summary(ctx, session)}</div>
<div class="col"><div class="card">${error}${form}</div><p class="muted">Stripe emulator checkout for ${escapeHtml(session.id)}. Test values: docs.stripe.com/testing.</p></div></div>`;
  return layout('Checkout', body);
}

export function renderChallengePage(sessionId: string, last4: string): string {
  const action = `/c/3ds/${encodeURIComponent(sessionId)}`;
  return layout('3D Secure authentication', `<div class="wrap"><div class="col card"><h1>3D Secure 2 test page</h1>
<p>Authenticate the payment with the card ending ${escapeHtml(last4)}? This page stands in for the card issuer's challenge.</p>
<form method="post" action="${action}" class="inline"><button type="submit" name="action" value="approve">Approve</button></form>
<form method="post" action="${action}" class="inline"><button type="submit" name="action" value="fail" class="danger">Fail</button></form></div></div>`);
}
