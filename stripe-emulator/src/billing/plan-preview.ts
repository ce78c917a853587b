import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { invalidRequest } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { buildInvoice } from './build-invoice.js';
import { buildItem } from './build-subscription.js';
import { periodLine, productName } from './invoicing.js';
import { addInterval, recurringOf } from './periods.js';
import { changesOf, creditsOnly, intervalChanges, newItemsProration, resolveTargets, type PlanChangeOptions } from './plan-change.js';
import { prorationLines } from './proration.js';
import { customerOf, periodOf } from './subscription-events.js';

/** `invoices.createPreview`: the invoice the change would produce, without changing anything. */
export function previewPlanChange(ctx: Ctx, sub: Stripe.Subscription, opts: PlanChangeOptions | null, now: number): Stripe.Invoice {
  const customer = ctx.store.customers.get(customerOf(sub));
  if (!customer) throw invalidRequest('The subscription has no customer.');
  const state = ctx.store.subState(sub.id);
  const period = periodOf(sub);
  const targets = opts ? resolveTargets(ctx, sub, opts.updates, 'subscription_details[items]') : resolveTargets(ctx, sub, [], 'items');
  const behavior = opts?.behavior ?? 'create_prorations';
  const prorationDate = opts?.prorationDate ?? now;
  const prorating = behavior !== 'none' && (sub.status === 'active' || sub.status === 'past_due');
  const resetCycle = sub.status !== 'trialing' && intervalChanges(sub, targets);
  const changes = resetCycle ? creditsOnly(changesOf(targets)) : changesOf(targets);
  const prorations = prorating || resetCycle
    ? [...prorationLines(sub, changes, prorationDate, (id) => productName(ctx, id)), ...(resetCycle ? [] : newItemsProration(sub, targets, prorationDate, ctx))]
    : [];
  const live = targets.filter((t) => !t.deleted);
  const lead = live[0];
  if (!lead) throw invalidRequest('A subscription must have at least one active item.');
  let lines: Stripe.InvoiceLineItem[];
  let linesPeriod: { start: number; end: number };
  let reason: Stripe.Invoice.BillingReason = 'subscription_update';
  if (resetCycle) {
    linesPeriod = { start: now, end: addInterval(now, recurringOf(lead.price)) };
    const temp = live.map((t) => buildItem(sub.id, t.price, t.quantity, now, linesPeriod));
    lines = [...state.pendingLines, ...(behavior === 'none' ? [] : prorations), ...temp.map((i) => periodLine(ctx, sub, i, linesPeriod, false))];
  } else if (behavior === 'always_invoice' && opts) {
    linesPeriod = { start: prorationDate, end: period.end };
    lines = [...state.pendingLines, ...prorations];
  } else {
    reason = 'subscription_cycle';
    const start = sub.status === 'trialing' && sub.trial_end ? sub.trial_end : period.end;
    linesPeriod = { start, end: addInterval(start, recurringOf(lead.price), sub.billing_cycle_anchor) };
    const temp = live.map((t) => buildItem(sub.id, t.price, t.quantity, now, linesPeriod));
    lines = [...state.pendingLines.map((l) => ({ ...l })), ...prorations, ...temp.map((i) => periodLine(ctx, sub, i, linesPeriod, false))];
  }
  const invoice = buildInvoice({
    id: `upcoming_${newId('in')}`,
    customer,
    subscription: sub,
    billingReason: reason,
    lines,
    created: now,
    period: linesPeriod,
    hostedUrl: null,
    ...(opts ? { prorationDate } : {}),
  });
  invoice.payments = undefined;
  return invoice;
}
