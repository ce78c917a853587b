import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { ApiError, invalidRequest, missing, missingParam } from '../core/errors.js';
import { newestFirst, matchesRange, paginate } from '../http/list.js';
import type { Params } from '../http/params.js';
import type { Router } from '../http/router.js';
import { endTrial, renew } from '../billing/cycle.js';
import { changePlan, type ItemUpdate, type ProrationBehavior } from '../billing/plan-change.js';
import { customerOf, periodOf, updateSubscription } from '../billing/subscription-events.js';
import { createSubscription, endSubscription } from '../billing/subscriptions.js';
import { getCustomer } from './customers.js';
import { getPaymentMethod } from './payment-methods.js';
import { getPrice } from './prices.js';

export function getSubscription(ctx: Ctx, id: string, param?: string): Stripe.Subscription {
  const sub = ctx.store.subscriptions.get(id);
  if (!sub) throw param ? missingParam('subscription', id, param) : missing('subscription', id);
  return sub;
}

const PRORATION = ['create_prorations', 'always_invoice', 'none'] as const;

export function itemUpdates(list: Params[]): ItemUpdate[] {
  return list.map((i) => ({
    ...(i.string('id') ? { id: i.string('id') } : {}),
    ...(i.string('price') ? { price: i.string('price') } : {}),
    ...(i.int('quantity') !== undefined ? { quantity: i.int('quantity') } : {}),
    ...(i.bool('deleted') ? { deleted: true } : {}),
  }));
}

function trialSettings(p: Params | undefined): Stripe.Subscription.TrialSettings | null {
  const behavior = p?.object('end_behavior')?.enumOf('missing_payment_method', ['cancel', 'create_invoice', 'pause'] as const);
  return behavior ? { end_behavior: { billing_cycle_anchor: null, missing_payment_method: behavior } } : null;
}

export { trialSettings };

function updateFromParams(ctx: Ctx, sub: Stripe.Subscription, p: Params): Stripe.Subscription {
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
    }, now);
  }
  updateSubscription(ctx, sub, now, () => {
    if (p.has('metadata')) sub.metadata = p.metadata(sub.metadata);
    if (p.has('description')) sub.description = p.string('description') || null;
    if (p.has('default_payment_method')) {
      const pmId = p.string('default_payment_method') || null;
      if (pmId) {
        const pm = getPaymentMethod(ctx, pmId, 'default_payment_method');
        if (pm.customer !== customerOf(sub)) throw invalidRequest('The payment method must be attached to the customer.', 'default_payment_method');
      }
      sub.default_payment_method = pmId;
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
      if (feedback) sub.cancellation_details.feedback = feedback as Stripe.Subscription.CancellationDetails.Feedback;
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

export function registerSubscriptions(router: Router, ctx: Ctx): void {
  router.post('/v1/subscriptions', ({ params: p }) => {
    const customer = getCustomer(ctx, p.requiredString('customer'), 'customer');
    const items = p.objects('items');
    if (items.length === 0) throw invalidRequest('Missing required param: items.', 'items', 'parameter_missing');
    const resolved = items.map((i, n) => ({ price: getPrice(ctx, i.requiredString('price'), `items[${n}][price]`), quantity: i.int('quantity') ?? 1 }));
    const pmId = p.string('default_payment_method') ?? customer.invoice_settings.default_payment_method;
    const pm = typeof pmId === 'string' && pmId ? getPaymentMethod(ctx, pmId, 'default_payment_method') : null;
    const now = ctx.clock.nowFor(customer.id);
    const trialDays = p.int('trial_period_days');
    const trialEndRaw = p.int('trial_end');
    const trialEnd = trialEndRaw ?? (trialDays ? now + trialDays * 86_400 : null);
    const behavior = p.enumOf('payment_behavior', ['allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete'] as const) ?? 'allow_incomplete';
    const { subscription, charge } = createSubscription(ctx, {
      customer,
      items: resolved,
      trialEnd,
      trialSettings: trialSettings(p.object('trial_settings')),
      paymentMethod: pm,
      metadata: p.metadata(),
      description: p.string('description') || null,
      paymentBehavior: behavior === 'default_incomplete' ? 'default_incomplete' : 'charge',
    });
    if (behavior === 'error_if_incomplete' && charge?.status === 'failed') {
      throw new ApiError(402, { type: 'card_error', code: charge.decline.code, decline_code: charge.decline.declineCode, message: charge.decline.message });
    }
    return subscription;
  });

  router.get('/v1/subscriptions/:id', ({ pathParams }) => getSubscription(ctx, pathParams.id ?? ''));

  router.post('/v1/subscriptions/:id', ({ pathParams, params }) => updateFromParams(ctx, getSubscription(ctx, pathParams.id ?? ''), params));

  router.del('/v1/subscriptions/:id', ({ pathParams }) => {
    const sub = getSubscription(ctx, pathParams.id ?? '');
    if (sub.status === 'canceled') throw invalidRequest(`This subscription has already been canceled.`);
    endSubscription(ctx, sub, ctx.clock.nowFor(customerOf(sub)), 'cancellation_requested');
    return sub;
  });

  router.post('/v1/subscriptions/:id/resume', ({ pathParams, params: p }) => {
    const sub = getSubscription(ctx, pathParams.id ?? '');
    if (sub.status !== 'paused') throw invalidRequest('Only a paused subscription can be resumed.');
    const now = ctx.clock.nowFor(customerOf(sub));
    ctx.events.emit('customer.subscription.resumed', { ...sub, status: 'active' }, now);
    // This API version sends `billing_cycle_anchor[type]`; older clients sent a plain string.
    const rawAnchor = p.raw.billing_cycle_anchor;
    const anchor = typeof rawAnchor === 'string' ? rawAnchor : p.object('billing_cycle_anchor')?.string('type');
    const anchorNow = anchor !== 'unchanged';
    renew(ctx, sub, now, 'subscription_update', () => {
      sub.status = 'active';
      if (anchorNow) sub.billing_cycle_anchor = now;
    }, anchorNow ? now : undefined);
    return sub;
  });

  router.get('/v1/subscriptions', ({ params: p, path }) => {
    const customer = p.string('customer');
    const price = p.string('price');
    const status = p.string('status');
    const clock = p.string('test_clock');
    const items = newestFirst(ctx.store.subscriptions).filter(
      (s) =>
        (!customer || s.customer === customer) &&
        (!price || s.items.data.some((i) => i.price.id === price)) &&
        (!clock || s.test_clock === clock) &&
        (status === 'all' || (status ? s.status === status : s.status !== 'canceled' && s.status !== 'incomplete_expired')) &&
        matchesRange(s.created, p, 'created'),
    );
    return paginate(items, p, path);
  });

  router.get('/v1/subscription_items/:id', ({ pathParams }) => {
    for (const sub of ctx.store.subscriptions.values()) {
      const item = sub.items.data.find((i) => i.id === pathParams.id);
      if (item) return item;
    }
    throw missing('subscription_item', pathParams.id ?? '');
  });

  router.get('/v1/subscription_items', ({ params: p, path }) => {
    const sub = getSubscription(ctx, p.requiredString('subscription'), 'subscription');
    return paginate(sub.items.data, p, path);
  });
}

export type { ProrationBehavior };
