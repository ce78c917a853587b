import type Stripe from 'stripe';
import { idOf } from '@/lib/stripe/reference';

// Which customer each handled event is about. TypeScript narrows `event` in each case to the
// SDK's own event type, so nothing is cast. Every handled event then runs the same sync, which
// writes the event's own object when it is complete and newer than our row, and otherwise reads
// the customer's current state from Stripe (sync-customer.ts). The invoice events keep the
// billing page's invoice table current.

export const HANDLED_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
  'customer.subscription.trial_will_end',
  'invoice.created',
  'invoice.finalized',
  'invoice.paid',
  'invoice.payment_failed',
  'invoice.payment_action_required',
  'invoice.voided',
  'invoice.marked_uncollectible',
  'entitlements.active_entitlement_summary.updated',
  'payment_method.attached',
  'customer.updated',
] as const satisfies readonly Stripe.Event['type'][];

/** The customer to sync for this event; null for events we do not handle or that name no customer. */
export function customerOfEvent(event: Stripe.Event): string | null {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed':
      return idOf(event.data.object.customer);
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
    case 'customer.subscription.paused':
    case 'customer.subscription.resumed':
    case 'customer.subscription.trial_will_end':
      return idOf(event.data.object.customer);
    case 'invoice.created':
    case 'invoice.finalized':
    case 'invoice.paid':
    case 'invoice.payment_failed':
    case 'invoice.payment_action_required':
    case 'invoice.voided':
    case 'invoice.marked_uncollectible':
      return idOf(event.data.object.customer);
    case 'entitlements.active_entitlement_summary.updated':
      return event.data.object.customer;
    case 'payment_method.attached':
      return idOf(event.data.object.customer);
    case 'customer.updated':
      return event.data.object.id;
    default:
      return null;
  }
}
