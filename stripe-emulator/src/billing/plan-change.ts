import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { cardError, invalidRequest, missingParam } from '../core/errors.js';
import { buildItem } from './build-subscription.js';
import { collect } from './cycle.js';
import { emitIfChanged, entitlementFingerprint } from './entitlements.js';
import { issueInvoice, periodLine, productName } from './invoicing.js';
import { addInterval, recurringOf } from './periods.js';
import { prorationLines, type ItemChange } from './proration.js';
import { customerOf, paymentMethodFor, periodOf, updateSubscription } from './subscription-events.js';

export interface ItemUpdate {
  id?: string;
  price?: string;
  quantity?: number;
  deleted?: boolean;
}

export type ProrationBehavior = 'create_prorations' | 'always_invoice' | 'none';

export interface Target {
  /** Existing item (kept or changed) or null for a new one. */
  item: Stripe.SubscriptionItem | null;
  price: Stripe.Price;
  quantity: number;
  deleted: boolean;
}

export function resolveTargets(ctx: Ctx, sub: Stripe.Subscription, updates: ItemUpdate[], paramPrefix: string): Target[] {
  const targets: Target[] = sub.items.data.map((item) => ({ item, price: item.price, quantity: item.quantity ?? 1, deleted: false }));
  updates.forEach((u, i) => {
    const price = u.price ? ctx.store.prices.get(u.price) : undefined;
    if (u.price && !price) throw missingParam('price', u.price, `${paramPrefix}[${i}][price]`);
    if (u.id) {
      const target = targets.find((t) => t.item?.id === u.id);
      if (!target) throw missingParam('subscription_item', u.id, `${paramPrefix}[${i}][id]`);
      if (price) target.price = price;
      if (u.quantity !== undefined) target.quantity = u.quantity;
      if (u.deleted) target.deleted = true;
      return;
    }
    if (!price) throw invalidRequest(`Missing required param: ${paramPrefix}[${i}][price].`, `${paramPrefix}[${i}][price]`, 'parameter_missing');
    targets.push({ item: null, price, quantity: u.quantity ?? 1, deleted: false });
  });
  if (targets.every((t) => t.deleted)) throw invalidRequest('A subscription must have at least one active item.', paramPrefix);
  const currency = sub.currency;
  for (const t of targets) {
    if (t.price.currency !== currency) throw invalidRequest(`The price currency ${t.price.currency} does not match the subscription currency ${currency}.`, paramPrefix);
  }
  return targets;
}

/** On a cycle reset the new price is billed for a whole new period, so only credits are prorated. */
export function creditsOnly(changes: ItemChange[]): ItemChange[] {
  return changes.map((c) => ({ ...c, newPrice: null }));
}

export function changesOf(targets: Target[]): ItemChange[] {
  const out: ItemChange[] = [];
  for (const t of targets) {
    if (!t.item) continue;
    const priceChanged = t.price.id !== t.item.price.id;
    const qtyChanged = t.quantity !== (t.item.quantity ?? 1);
    if (!priceChanged && !qtyChanged && !t.deleted) continue;
    out.push({ item: t.item, oldPrice: t.item.price, oldQuantity: t.item.quantity ?? 1, newPrice: t.deleted ? null : t.price, newQuantity: t.quantity });
  }
  return out;
}

/** Stripe resets the billing cycle (and bills at once) when the billing interval changes. */
export function intervalChanges(sub: Stripe.Subscription, targets: Target[]): boolean {
  const first = sub.items.data[0]?.price ?? targets[0]?.price;
  if (!first) return false;
  const current = recurringOf(first);
  return targets.some((t) => !t.deleted && (recurringOf(t.price).interval !== current.interval || recurringOf(t.price).interval_count !== current.interval_count));
}

export function newItemsProration(sub: Stripe.Subscription, targets: Target[], prorationDate: number, ctx: Ctx): Stripe.InvoiceLineItem[] {
  // A brand-new item is charged for the rest of the period; model it as a change from nothing.
  const period = periodOf(sub);
  return targets
    .filter((t) => !t.item && !t.deleted)
    .flatMap((t) => {
      const temp = buildItem(sub.id, t.price, t.quantity, prorationDate, period);
      const free: Stripe.Price = { ...t.price, unit_amount: 0 };
      return prorationLines(sub, [{ item: temp, oldPrice: free, oldQuantity: 0, newPrice: t.price, newQuantity: t.quantity }], prorationDate, (id) => productName(ctx, id)).filter((l) => l.amount !== 0);
    });
}

export interface PlanChangeOptions {
  updates: ItemUpdate[];
  behavior: ProrationBehavior;
  prorationDate: number;
  /** `payment_behavior=error_if_incomplete`: a change whose invoice cannot be paid is not made. */
  errorIfIncomplete?: boolean;
}

/**
 * Stripe answers 402 and leaves the subscription as it was when an update with
 * `payment_behavior=error_if_incomplete` invoices an amount the saved payment method cannot pay.
 * The outcome of a saved method is known in advance here (its test value), so the refusal comes
 * before anything changes. A bank debit, which only settles later, does not refuse.
 */
function refuseUnpayableChange(ctx: Ctx, sub: Stripe.Subscription, amountDue: number): void {
  if (amountDue <= 0) return;
  const pm = paymentMethodFor(ctx, sub);
  if (!pm) throw cardError('resource_missing', 'This customer has no attached payment source or default payment method.');
  const behaviour = ctx.store.paymentMethodBehaviour.get(pm.id);
  if (behaviour?.kind === 'decline') throw cardError(behaviour.decline.code, behaviour.decline.message, behaviour.decline.declineCode);
}

/** Applies an items update to a subscription, with Stripe's proration and invoicing rules. */
export function changePlan(ctx: Ctx, sub: Stripe.Subscription, opts: PlanChangeOptions, now: number): void {
  const customerId = customerOf(sub);
  const before = entitlementFingerprint(ctx, customerId);
  const targets = resolveTargets(ctx, sub, opts.updates, 'items');
  const prorating = opts.behavior !== 'none' && (sub.status === 'active' || sub.status === 'past_due');
  const resetCycle = sub.status !== 'trialing' && intervalChanges(sub, targets);
  const changes = resetCycle ? creditsOnly(changesOf(targets)) : changesOf(targets);
  const prorations = prorating || resetCycle
    ? [...prorationLines(sub, changes, opts.prorationDate, (id) => productName(ctx, id)), ...(resetCycle ? [] : newItemsProration(sub, targets, opts.prorationDate, ctx))]
    : [];
  const period = periodOf(sub);
  if (opts.errorIfIncomplete && (resetCycle || opts.behavior === 'always_invoice')) {
    const pending = ctx.store.subState(sub.id).pendingLines;
    // A cycle reset also bills the new period in full; otherwise the prorations and what was pending.
    const periodAmounts = resetCycle ? targets.filter((t) => !t.deleted).reduce((sum, t) => sum + (t.price.unit_amount ?? 0) * t.quantity, 0) : 0;
    const due = [...pending, ...prorations].reduce((sum, line) => sum + line.amount, 0) + periodAmounts;
    refuseUnpayableChange(ctx, sub, due);
  }
  updateSubscription(ctx, sub, now, () => {
    const kept: Stripe.SubscriptionItem[] = [];
    for (const t of targets) {
      if (t.deleted) continue;
      if (t.item) {
        if (t.item.price.id !== t.price.id) {
          t.item.price = t.price;
          t.item.plan = buildItem(sub.id, t.price, t.quantity, now, period).plan;
        }
        t.item.quantity = t.quantity;
        kept.push(t.item);
      } else {
        kept.push(buildItem(sub.id, t.price, t.quantity, now, period));
      }
    }
    sub.items.data = kept;
    if (resetCycle) {
      sub.billing_cycle_anchor = now;
      for (const item of kept) {
        item.current_period_start = now;
        item.current_period_end = addInterval(now, recurringOf(item.price));
      }
    }
  });
  const state = ctx.store.subState(sub.id);
  if (resetCycle) {
    const newPeriod = periodOf(sub);
    const lines = [...state.pendingLines, ...(opts.behavior === 'none' ? [] : prorations), ...sub.items.data.map((i) => periodLine(ctx, sub, i, newPeriod, false))];
    state.pendingLines = [];
    collect(ctx, sub, issueInvoice(ctx, sub, 'subscription_update', lines, newPeriod, now), now);
  } else if (opts.behavior === 'always_invoice' && prorations.length > 0) {
    const lines = [...state.pendingLines, ...prorations];
    state.pendingLines = [];
    collect(ctx, sub, issueInvoice(ctx, sub, 'subscription_update', lines, { start: opts.prorationDate, end: period.end }, now), now);
  } else if (opts.behavior === 'create_prorations') {
    state.pendingLines.push(...prorations);
  }
  emitIfChanged(ctx, customerId, before);
}
