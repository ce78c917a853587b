import type { Ctx } from '../core/context.js';
import { approveChallenge, completeCheckout, failChallenge, type CheckoutOutcome, type CheckoutPayment } from '../billing/checkout-complete.js';
import { classify } from '../billing/test-values.js';
import type { FormObject } from '../http/parse-form.js';
import { notFound } from './layout.js';
import { renderChallengePage, renderCheckoutPage } from './checkout-page.js';
import type { PageResponse } from './page-router.js';

function field(form: FormObject, key: string): string {
  const v = form[key];
  return typeof v === 'string' ? v.trim() : '';
}

function parseExpiry(raw: string): { expMonth?: number; expYear?: number } {
  const m = /^(\d{1,2})\s*\/?\s*(\d{2}|\d{4})$/.exec(raw.replace(/\s+/g, ''));
  if (!m) return {};
  const year = Number(m[2]);
  return { expMonth: Number(m[1]), expYear: year < 100 ? 2000 + year : year };
}

/** Turns the hosted form into the same PaymentInput the test API takes. */
export function paymentFromForm(form: FormObject): CheckoutPayment | { klarnaEmailOnly: string } {
  const method = field(form, 'method');
  switch (method) {
    case 'sepa_debit':
      return { type: 'sepa_debit', iban: field(form, 'iban'), name: field(form, 'sepa_name') || undefined, email: field(form, 'sepa_email') || undefined };
    case 'au_becs_debit':
      return { type: 'au_becs_debit', bsbNumber: field(form, 'bsb'), accountNumber: field(form, 'account'), name: field(form, 'becs_name') || undefined, email: field(form, 'becs_email') || undefined };
    case 'klarna': {
      const email = field(form, 'klarna_email');
      const code = field(form, 'klarna_code');
      return code ? { type: 'klarna', email, code } : { klarnaEmailOnly: email };
    }
    case 'none':
      return { type: 'none' };
    default:
      return { type: 'card', number: field(form, 'card_number').replace(/\s/g, ''), ...parseExpiry(field(form, 'card_exp')), cvc: field(form, 'card_cvc') || undefined };
  }
}

function afterOutcome(ctx: Ctx, sessionId: string, outcome: CheckoutOutcome): PageResponse {
  const session = ctx.store.checkoutSessions.get(sessionId);
  if (!session) return notFound(sessionId);
  if (outcome.status === 'requires_action' && outcome.actionUrl) return { status: 303, headers: { Location: outcome.actionUrl }, body: '' };
  if ((outcome.status === 'complete' || outcome.status === 'processing') && outcome.redirectUrl) {
    return { status: 303, headers: { Location: outcome.redirectUrl }, body: '' };
  }
  return { status: outcome.status === 'failed' ? 402 : 200, body: renderCheckoutPage(ctx, session, { error: outcome.error }) };
}

export function checkoutPage(ctx: Ctx, method: string, sessionId: string, form: FormObject): PageResponse {
  const session = ctx.store.checkoutSessions.get(sessionId);
  if (!session) return notFound(`No such checkout session: ${sessionId}`);
  if (method !== 'POST') return { status: 200, body: renderCheckoutPage(ctx, session) };
  const payment = paymentFromForm(form);
  if ('klarnaEmailOnly' in payment) {
    // The email step only checks the address; as in Stripe's test mode, Klarna approves or
    // denies after the code step, so a denied email still gets a code to enter.
    const verdict = classify({ type: 'klarna', email: payment.klarnaEmailOnly }, new Date());
    if (verdict.rejectNow?.code === 'email_invalid') return { status: 402, body: renderCheckoutPage(ctx, session, { error: verdict.rejectNow.message }) };
    return { status: 200, body: renderCheckoutPage(ctx, session, { klarnaCodeFor: payment.klarnaEmailOnly }) };
  }
  const outcome = completeCheckout(ctx, sessionId, payment);
  ctx.changed();
  return afterOutcome(ctx, sessionId, outcome);
}

export function challengePage(ctx: Ctx, method: string, sessionId: string, form: FormObject): PageResponse {
  const pending = ctx.store.checkoutState.get(sessionId)?.challenge;
  if (!pending) return notFound('There is no payment waiting for authentication.');
  if (method !== 'POST') return { status: 200, body: renderChallengePage(sessionId, pending.type === 'card' ? pending.number.slice(-4) : '') };
  const outcome = field(form, 'action') === 'approve' ? approveChallenge(ctx, sessionId) : failChallenge(ctx, sessionId);
  ctx.changed();
  return afterOutcome(ctx, sessionId, outcome);
}
