import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { ApiError, invalidRequest, missing, missingParam } from '../core/errors.js';
import { paginate, paginateStore, rangeFilter } from '../http/list.js';
import type { Router } from '../http/router.js';
import { renew } from '../billing/cycle.js';
import { customerOf } from '../billing/subscription-events.js';
import { createSubscription, endSubscription } from '../billing/subscriptions.js';
import { getCustomer } from './customers.js';
import { paymentMethodForCustomer } from '../billing/saved-payment-methods.js';
import { paymentMethodOfCustomer } from '../billing/subscription-events.js';
import { getPrice } from './prices.js';
import { trialSettings } from './subscription-params.js';
import { updateSubscriptionFromParams } from './subscription-update.js';

export function getSubscription(ctx: Ctx, id: string, param?: string): Stripe.Subscription {
  const sub = ctx.store.subscriptions.get(id);
  if (!sub) throw param ? missingParam('subscription', id, param) : missing('subscription', id);
  return sub;
}

const ENDED: readonly Stripe.Subscription.Status[] = ['canceled', 'incomplete_expired'];

export function registerSubscriptions(router: Router, ctx: Ctx): void {
  router.post('/v1/subscriptions', ({ params: p }) => {
    const customer = getCustomer(ctx, p.requiredString('customer'), 'customer');
    const items = p.objects('items');
    if (items.length === 0) throw invalidRequest('Missing required param: items.', 'items', 'parameter_missing');
    // `plan` is the Plans API's name for the same object (a plan's id is its price's id).
    const resolved = items.map((i, n) => ({
      price: i.has('plan') && !i.has('price') ? getPrice(ctx, i.requiredString('plan'), `items[${n}][plan]`) : getPrice(ctx, i.requiredString('price'), `items[${n}][price]`),
      quantity: i.int('quantity') ?? 1,
    }));
    const pmParam = p.string('default_payment_method') || null;
    const subPm = pmParam ? paymentMethodForCustomer(ctx, pmParam, customer.id, 'default_payment_method') : null;
    const pm = subPm ?? paymentMethodOfCustomer(ctx, customer);
    const now = ctx.clock.nowFor(customer.id);
    const trialDays = p.int('trial_period_days');
    // `trial_end=now` starts the subscription without a trial, as on Stripe.
    const trialEndNow = p.string('trial_end') === 'now';
    const trialEndRaw = trialEndNow ? undefined : p.int('trial_end');
    const trialEnd = trialEndNow ? null : (trialEndRaw ?? (trialDays ? now + trialDays * 86_400 : null));
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

  router.post('/v1/subscriptions/:id', ({ pathParams, params }) => updateSubscriptionFromParams(ctx, getSubscription(ctx, pathParams.id ?? ''), params));

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
    const created = rangeFilter(p, 'created');
    const keep = (s: Stripe.Subscription): boolean =>
      (!price || s.items.data.some((i) => i.price.id === price)) &&
      (!clock || s.test_clock === clock) &&
      (status === 'all' || (status === 'ended' ? ENDED.includes(s.status) : status ? s.status === status : !ENDED.includes(s.status))) &&
      created(s.created);
    return paginateStore(ctx.store.subscriptions, keep, p, path, customer ? { group: 'customer', key: customer } : undefined);
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

