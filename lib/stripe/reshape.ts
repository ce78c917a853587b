import 'server-only';
import type Stripe from 'stripe';
import type { InvoiceStatus, SubscriptionStatus } from '@/db/schema';
import { env } from '@/lib/env';
import { idOf } from './reference';

// The Stripe boundary: lib/stripe/ (the client, its rate budget, the "reference or id" unwrap,
// these reshape functions and the reads in reads.ts that use them), the webhook sync in
// lib/billing/sync/ (it handles Stripe's events and writes rows from Stripe's objects with
// stripe-mappers.ts) and lib/billing/setup-catalog.ts. Stripe objects go in, the app's own shapes
// come out, as vercel/commerce's reshape* functions do for Shopify: no module outside the
// boundary exports a Stripe type, which tests/architecture/stripe-boundary.test.ts checks. Domain modules
// in lib/billing may still call the client inside their functions; what they hand on is the app's.

/** A subscription as the billing actions act on it: what they check and the ids they send back. */
export type OwnedSubscription = {
  id: string;
  customerId: string;
  cancelAtPeriodEnd: boolean;
  /** A fixed cancellation date (seconds), set in the portal; null when none. */
  cancelAt: number | null;
  /** The one item this app's subscriptions have; null if Stripe lists none. */
  item: { id: string; priceId: string; currentPeriodStart: number; currentPeriodEnd: number } | null;
};

export function reshapeSubscription(subscription: Stripe.Subscription): OwnedSubscription {
  const item = subscription.items.data[0];
  return {
    id: subscription.id,
    customerId: idOf(subscription.customer),
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    cancelAt: subscription.cancel_at,
    item: item ? { id: item.id, priceId: item.price.id, currentPeriodStart: item.current_period_start, currentPeriodEnd: item.current_period_end } : null,
  };
}

/**
 * How an open session is paid on /checkout/pay: Stripe's Payment Element with the session's
 * client secret, or, since Stripe.js talks only to Stripe's servers, the emulator's own page
 * for the session (its URLs are the emulator's business, so they are made here).
 */
type CheckoutPayment = { kind: 'payment-element'; clientSecret: string } | { kind: 'emulator-page'; url: string };

export type CheckoutSessionView = {
  id: string;
  /** `open`, `complete` or `expired`, or a status Stripe adds later. */
  status: string | null;
  /** `paid`, `unpaid` (a bank debit still processing) or `no_payment_required`. */
  paymentStatus: string;
  customerId: string | null;
  clientReferenceId: string | null;
  /** Null for a session without a client secret (a hosted-page session). */
  payment: CheckoutPayment | null;
};

export function reshapeCheckoutSession(session: Stripe.Checkout.Session): CheckoutSessionView {
  return {
    id: session.id,
    status: session.status,
    paymentStatus: session.payment_status,
    customerId: idOf(session.customer),
    clientReferenceId: session.client_reference_id,
    payment: session.client_secret ? checkoutPayment(session.id, session.client_secret) : null,
  };
}

function checkoutPayment(sessionId: string, clientSecret: string): CheckoutPayment {
  if (env.stripe.mode === 'emulator') return { kind: 'emulator-page', url: `${env.stripe.emulatorUrl}/c/pay/${sessionId}` };
  return { kind: 'payment-element', clientSecret };
}

// db/schema.ts spells Stripe's statuses itself; these stop compiling if the SDK's lists change.
type Listed<T> = T extends string ? (string extends T ? never : T) : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
export type StatusesMatchTheSdk = [
  Holds<Same<Listed<SubscriptionStatus>, Listed<Stripe.Subscription.Status>>>,
  Holds<Same<Listed<InvoiceStatus>, Listed<Stripe.Invoice.Status>>>,
];
