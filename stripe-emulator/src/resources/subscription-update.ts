import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { invalidRequest } from '../core/errors.js';
import type { Params } from '../http/params.js';
import { endTrial, renew } from '../billing/cycle.js';
import { changePlan } from '../billing/plan-change.js';
import { customerOf, periodOf, updateSubscription } from '../billing/subscription-events.js';
import { paymentMethodForCustomer } from '../billing/saved-payment-methods.js';
import { itemUpdates } from './subscription-params.js';

const PRORATION = ['create_prorations', 'always_invoice', 'none'] as const;
const PAYMENT_BEHAVIOR = ['allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete'] as const;

/** `POST /v1/subscriptions/:id`: plan changes, cancellation switches, pause, trial end, metadata. */
export function updateSubscriptionFromParams(ctx: Ctx, sub: Stripe.Subscription, p: Params): Stripe.Subscription {
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired') {
    throw invalidRequest('A canceled subscription can only update its cancellation_details and metadata.');
  }
  const now = ctx.clock.nowFor(customerOf(sub));
  const items = p.objects('items');
  if (items.length > 0) {
    changePlan(ctx, sub, {
      updates: itemUpdates(items),
      behavior: p.enumOf('proration_behavior', PRORATION) ?? 'create_prorations',
      prorationDate: p.int('proration_date') ?? now,
      errorIfIncomplete: p.enumOf('payment_behavior', PAYMENT_BEHAVIOR) === 'error_if_incomplete',
    }, now);
  }
  updateSubscription(ctx, sub, now, () => {
    if (p.has('metadata')) sub.metadata = p.metadata(sub.metadata);
    if (p.has('description')) sub.description = p.string('description') || null;
    if (p.has('default_payment_method')) {
      const raw = p.string('default_payment_method') || null;
      const pm = raw ? paymentMethodForCustomer(ctx, raw, customerOf(sub), 'default_payment_method') : null;
      if (pm && pm.customer !== customerOf(sub)) throw invalidRequest('The payment method must be attached to the customer.', 'default_payment_method');
      sub.default_payment_method = pm?.id ?? null;
    }
    if (p.has('cancel_at_period_end')) {
      const on = p.bool('cancel_at_period_end') ?? false;
      sub.cancel_at_period_end = on;
      sub.cancel_at = on ? (sub.status === 'trialing' && sub.trial_end ? sub.trial_end : periodOf(sub).end) : null;
      sub.canceled_at = on ? now : null;
      sub.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason: on ? 'cancellation_requested' : null };
    }
    if (p.has('cancel_at')) {
      const raw = p.string('cancel_at');
      const at = raw === 'min_period_end' || raw === 'max_period_end' ? periodOf(sub).end : p.int('cancel_at') ?? null;
      if (at !== null && at < now) throw invalidRequest('cancel_at must be in the future.', 'cancel_at');
      sub.cancel_at = at;
      sub.cancel_at_period_end = at !== null && at === periodOf(sub).end;
      sub.canceled_at = at === null ? null : now;
      sub.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason: at === null ? null : 'cancellation_requested' };
    }
    const details = p.object('cancellation_details');
    if (details && sub.cancellation_details) {
      sub.cancellation_details.comment = details.string('comment') ?? sub.cancellation_details.comment;
      const feedback = details.string('feedback');
      if (feedback) sub.cancellation_details.feedback = feedback;
    }
    if (p.has('pause_collection')) {
      const pause = p.object('pause_collection');
      sub.pause_collection = pause
        ? { behavior: pause.enumOf('behavior', ['keep_as_draft', 'mark_uncollectible', 'void'] as const) ?? 'void', resumes_at: pause.int('resumes_at') ?? null }
        : null;
    }
    if (p.has('trial_end') && sub.status === 'trialing') {
      const raw = p.string('trial_end');
      if (raw !== 'now') {
        const at = p.int('trial_end');
        if (at !== undefined) {
          sub.trial_end = at;
          for (const item of sub.items.data) item.current_period_end = at;
        }
      }
    }
  });
  if (p.string('trial_end') === 'now' && sub.status === 'trialing') {
    sub.trial_end = now;
    endTrial(ctx, sub, now);
  }
  if (p.string('billing_cycle_anchor') === 'now' && (sub.status === 'active' || sub.status === 'past_due')) {
    renew(ctx, sub, now, 'subscription_update');
  }
  return sub;
}
