import type { Ctx } from '../core/context.js';
import { approveChallenge, completeCheckout, failChallenge, type CheckoutOutcome } from '../billing/checkout-complete.js';
import { classify } from '../billing/test-values.js';
import type { FormObject } from '../http/parse-form.js';
import { notFound } from './layout.js';
import { fill, messages } from './page-text.js';
import { renderChallengePage, renderCheckoutPage } from './checkout-page.js';
import type { PageResponse } from './page-response.js';
import { field, paymentFromForm } from './payment-form.js';

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
  if (!session) return notFound(fill(messages().notFound.checkoutSession, { id: sessionId }));
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
  if (!pending) return notFound(messages().errors.noPendingAuthentication);
  if (method !== 'POST') return { status: 200, body: renderChallengePage(sessionId, pending.type === 'card' ? pending.number.slice(-4) : '') };
  const outcome = field(form, 'action') === 'approve' ? approveChallenge(ctx, sessionId) : failChallenge(ctx, sessionId);
  ctx.changed();
  return afterOutcome(ctx, sessionId, outcome);
}
