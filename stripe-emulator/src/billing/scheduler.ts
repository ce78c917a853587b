import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import type { PendingSettlement } from '../core/store.js';
import { expireSession } from '../resources/checkout-sessions.js';
import { expireIncomplete, endTrial, renew, retryLatestInvoice } from './cycle.js';
import { emitIfChanged, entitlementFingerprint } from './entitlements.js';
import { customerIdOf, failPaymentIntent, invoiceOfPaymentIntent, markInvoicePaid, succeedPaymentIntent } from './payments.js';
import { customerOf, DAY, periodOf, updateSubscription } from './subscription-events.js';
import { applyPaymentOutcome, endSubscription } from './subscriptions.js';

interface Due {
  at: number;
  /** Tie-break inside one second: cancellation before renewal, like Stripe. */
  rank: number;
  run: (now: number) => void;
}

const INCOMPLETE_EXPIRY = 23 * 3600;

function subscriptionActions(ctx: Ctx, sub: Stripe.Subscription): Due[] {
  const state = ctx.store.subState(sub.id);
  const out: Due[] = [];
  if (sub.status === 'trialing' && sub.trial_end) {
    if (!state.trialWillEndSent) {
      out.push({
        at: Math.max(sub.trial_end - 3 * DAY, sub.created),
        rank: 0,
        run: (now) => {
          state.trialWillEndSent = true;
          ctx.events.emit('customer.subscription.trial_will_end', sub, now);
        },
      });
    }
    if (sub.cancel_at !== null && sub.cancel_at <= sub.trial_end) {
      out.push({ at: sub.cancel_at, rank: 1, run: (now) => endSubscription(ctx, sub, now, 'cancellation_requested') });
    } else {
      out.push({ at: sub.trial_end, rank: 2, run: (now) => endTrial(ctx, sub, now) });
    }
  }
  if (sub.status === 'active' || sub.status === 'past_due') {
    const end = periodOf(sub).end;
    if (sub.cancel_at !== null) out.push({ at: sub.cancel_at, rank: 1, run: (now) => endSubscription(ctx, sub, now, 'cancellation_requested') });
    if (sub.cancel_at === null || sub.cancel_at > end) out.push({ at: end, rank: 2, run: (now) => renew(ctx, sub, now) });
    if (state.nextRetryAt !== null) out.push({ at: state.nextRetryAt, rank: 3, run: (now) => retryLatestInvoice(ctx, sub, now) });
    const resumesAt = sub.pause_collection?.resumes_at;
    if (resumesAt) out.push({ at: resumesAt, rank: 0, run: (now) => updateSubscription(ctx, sub, now, () => (sub.pause_collection = null)) });
  }
  if (sub.status === 'incomplete') {
    out.push({ at: sub.created + INCOMPLETE_EXPIRY, rank: 4, run: (now) => expireIncomplete(ctx, sub, now) });
  }
  return out;
}

export function settle(ctx: Ctx, s: PendingSettlement, now: number): void {
  ctx.store.settlements = ctx.store.settlements.filter((x) => x !== s);
  const pi = ctx.store.paymentIntents.get(s.paymentIntentId);
  const invoice = invoiceOfPaymentIntent(ctx, s.paymentIntentId);
  if (!pi || !invoice || pi.status !== 'processing') return;
  const subId = invoice.parent?.subscription_details?.subscription;
  const sub = typeof subId === 'string' ? ctx.store.subscriptions.get(subId) : undefined;
  const customerId = customerIdOf(invoice) ?? '';
  const before = entitlementFingerprint(ctx, customerId);
  const session = [...ctx.store.checkoutSessions.values()].find((cs) => cs.invoice === invoice.id || (cs.subscription === subId && cs.payment_status === 'unpaid' && cs.status === 'complete'));
  if (s.outcome === 'succeeded') {
    succeedPaymentIntent(ctx, pi, now);
    markInvoicePaid(ctx, invoice, pi, now);
    if (sub) applyPaymentOutcome(ctx, sub, invoice, { status: 'succeeded' }, now);
    if (session && session.payment_status === 'unpaid') {
      session.payment_status = 'paid';
      ctx.events.emit('checkout.session.async_payment_succeeded', session, now);
    }
  } else {
    const decline = { code: s.failureCode ?? 'generic_decline', message: s.failureMessage ?? 'The payment failed.' };
    failPaymentIntent(ctx, invoice, pi, decline, now);
    if (sub) applyPaymentOutcome(ctx, sub, invoice, { status: 'failed', decline }, now);
    if (session && session.payment_status === 'unpaid') ctx.events.emit('checkout.session.async_payment_failed', session, now);
  }
  emitIfChanged(ctx, customerId, before);
}

function dueActions(ctx: Ctx, clockId: string | null): Due[] {
  const out: Due[] = [];
  for (const sub of ctx.store.subscriptions.values()) {
    if (ctx.clock.clockIdOfCustomer(customerOf(sub)) !== clockId) continue;
    out.push(...subscriptionActions(ctx, sub));
  }
  for (const session of ctx.store.checkoutSessions.values()) {
    if (session.status !== 'open') continue;
    const customer = typeof session.customer === 'string' ? session.customer : null;
    if (ctx.clock.clockIdOfCustomer(customer) !== clockId) continue;
    out.push({ at: session.expires_at, rank: 5, run: (now) => expireSession(ctx, session, now) });
  }
  for (const s of ctx.store.settlements) {
    const pi = ctx.store.paymentIntents.get(s.paymentIntentId);
    const customer = typeof pi?.customer === 'string' ? pi.customer : null;
    if (ctx.clock.clockIdOfCustomer(customer) !== clockId) continue;
    out.push({ at: s.at, rank: 0, run: (now) => settle(ctx, s, now) });
  }
  return out;
}

function setTime(ctx: Ctx, clockId: string | null, t: number): void {
  if (clockId) {
    const clock = ctx.store.testClocks.get(clockId);
    if (clock) clock.frozen_time = t;
    return;
  }
  const wall = Math.floor(Date.now() / 1000);
  ctx.store.clockOffset = Math.max(ctx.store.clockOffset, t - wall);
}

/**
 * Moves a clock (a test clock, or the emulator clock when `clockId` is null) to `target`,
 * running every due renewal, trial end, cancellation and settlement in time order, each at
 * its own moment, so events carry the times Stripe would give them.
 */
export function advanceClock(ctx: Ctx, clockId: string | null, target: number): void {
  const before = ctx.clock.nowOnClock(clockId);
  let ran = 0;
  for (let guard = 0; guard < 10_000; guard++) {
    const next = dueActions(ctx, clockId)
      .filter((a) => a.at <= target)
      .sort((a, b) => a.at - b.at || a.rank - b.rank)[0];
    if (!next) break;
    if (next.at > ctx.clock.nowOnClock(clockId)) setTime(ctx, clockId, next.at);
    next.run(Math.max(next.at, ctx.clock.nowOnClock(clockId)));
    ran++;
  }
  setTime(ctx, clockId, target);
  // The background tick calls this every second; only real changes should rewrite the snapshot.
  if (ran > 0 || ctx.clock.nowOnClock(clockId) > before + 1) ctx.changed();
}
