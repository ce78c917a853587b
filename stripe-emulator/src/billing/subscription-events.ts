import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';

export const DAY = 86_400;

export function customerOf(sub: Stripe.Subscription): string {
  return typeof sub.customer === 'string' ? sub.customer : sub.customer.id;
}

function keysOf<T extends object>(o: T): (keyof T)[] {
  return Object.keys(o) as (keyof T)[];
}

/**
 * Runs `mutate` and emits `customer.subscription.updated` whose `previous_attributes` holds the
 * old value of every top-level field that changed, as Stripe does (whole arrays/lists included).
 */
export function updateSubscription(ctx: Ctx, sub: Stripe.Subscription, now: number, mutate: () => void): void {
  const before: Stripe.Subscription = JSON.parse(JSON.stringify(sub));
  mutate();
  const previous: Partial<Stripe.Subscription> = {};
  let changed = false;
  for (const key of keysOf(sub)) {
    if (JSON.stringify(before[key] ?? null) === JSON.stringify(sub[key] ?? null)) continue;
    Object.assign(previous, { [key]: before[key] ?? null });
    changed = true;
  }
  if (changed) ctx.events.emit('customer.subscription.updated', sub, now, previous);
}

/** What Stripe charges for a customer: the invoice default payment method, else the default source. */
export function paymentMethodOfCustomer(ctx: Ctx, customer: Stripe.Customer | undefined): Stripe.PaymentMethod | null {
  const raw = customer?.invoice_settings.default_payment_method ?? null;
  const source = customer?.default_source ?? null;
  const id = (typeof raw === 'string' ? raw : (raw?.id ?? null)) ?? (typeof source === 'string' ? source : (source?.id ?? null));
  return id ? (ctx.store.paymentMethods.get(id) ?? null) : null;
}

export function paymentMethodFor(ctx: Ctx, sub: Stripe.Subscription): Stripe.PaymentMethod | null {
  const subPm = typeof sub.default_payment_method === 'string' ? sub.default_payment_method : (sub.default_payment_method?.id ?? null);
  if (subPm) return ctx.store.paymentMethods.get(subPm) ?? null;
  return paymentMethodOfCustomer(ctx, ctx.store.customers.get(customerOf(sub)));
}

export function periodOf(sub: Stripe.Subscription): { start: number; end: number } {
  const first = sub.items.data[0];
  return { start: first?.current_period_start ?? sub.created, end: first?.current_period_end ?? sub.created };
}
