import type Stripe from 'stripe';
import type { Params } from '../http/params.js';
import type { ItemUpdate } from '../billing/plan-change.js';

export function itemUpdates(list: Params[]): ItemUpdate[] {
  return list.map((i) => ({
    ...(i.string('id') ? { id: i.string('id') } : {}),
    ...(i.string('price') ? { price: i.string('price') } : {}),
    ...(i.int('quantity') !== undefined ? { quantity: i.int('quantity') } : {}),
    ...(i.bool('deleted') ? { deleted: true } : {}),
  }));
}

export function trialSettings(p: Params | undefined): Stripe.Subscription.TrialSettings | null {
  const behavior = p?.object('end_behavior')?.enumOf('missing_payment_method', ['cancel', 'create_invoice', 'pause'] as const);
  return behavior ? { end_behavior: { billing_cycle_anchor: null, missing_payment_method: behavior } } : null;
}
