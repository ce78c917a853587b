import 'server-only';
import type Stripe from 'stripe';
import { env } from '@/lib/env';
import { stripe } from '@/lib/stripe/client';
import { getPricedPlan } from './catalog';
import { ensureStripeCustomer, findStripeCustomerId } from './customers';
import type { PlanId } from './plans';
import { BillingError, getCurrentSubscription, isLive } from './subscriptions';
import { syncStripeCustomer, type SyncResult } from './sync-customer';

export type CheckoutStart =
  | { kind: 'redirect'; url: string }
  | { kind: 'elements'; sessionId: string; clientSecret: string }
  | { kind: 'change-plan'; url: string };

/** Starts a subscription checkout for the user, or points an existing subscriber at a plan change. */
export async function startCheckout(userId: string, planId: PlanId, origin: string): Promise<CheckoutStart> {
  const plan = await getPricedPlan(planId);
  if (!plan) throw new BillingError('That plan is not available right now.');

  // A second checkout would mean a second subscription, billed twice for one account.
  const current = await getCurrentSubscription(userId);
  if (current && isLive(current)) return { kind: 'change-plan', url: `/billing?change=${planId}` };

  const customer = await ensureStripeCustomer(userId);
  await expireOpenSessions(customer);
  const elements = env.CHECKOUT_UI === 'elements';
  const session = await stripe().checkout.sessions.create({
    mode: 'subscription',
    customer,
    client_reference_id: userId,
    line_items: [{ price: plan.priceId, quantity: 1 }],
    metadata: { userId, plan: plan.id },
    subscription_data: {
      metadata: { userId },
      ...(env.CHECKOUT_TRIAL_DAYS > 0 ? { trial_period_days: env.CHECKOUT_TRIAL_DAYS } : {}),
    },
    ...(elements
      ? { ui_mode: 'elements', return_url: `${origin}/checkout/return?session_id={CHECKOUT_SESSION_ID}` }
      : {
          success_url: `${origin}/checkout/return?session_id={CHECKOUT_SESSION_ID}`,
          cancel_url: `${origin}/pricing?checkout=canceled`,
        }),
  });
  if (elements) {
    if (!session.client_secret) throw new Error(`checkout session ${session.id} has no client secret`);
    return { kind: 'elements', sessionId: session.id, clientSecret: session.client_secret };
  }
  if (!session.url) throw new Error(`checkout session ${session.id} has no URL`);
  return { kind: 'redirect', url: session.url };
}

/**
 * Only the newest checkout can be paid: a session left open in another tab would otherwise
 * become a second subscription, charged on top of the first.
 */
async function expireOpenSessions(customer: string): Promise<void> {
  const open = await stripe().checkout.sessions.list({ customer, status: 'open', limit: 100 });
  await Promise.all(
    open.data.map((session) =>
      stripe()
        .checkout.sessions.expire(session.id)
        // Completed or expired in the meantime: nothing left to do.
        .catch(() => undefined),
    ),
  );
}

export type CheckoutReturn =
  | { status: 'complete'; paymentStatus: string; sync: SyncResult | null }
  | { status: 'open' | 'expired' };

/**
 * A checkout session, only if it belongs to this user: our customer and our user id on it.
 * Anything else reads as "does not exist", so ids of other people's sessions tell nothing.
 */
export async function loadOwnedCheckoutSession(userId: string, sessionId: string): Promise<Stripe.Checkout.Session> {
  const missing = new BillingError('That checkout session does not exist.');
  if (!/^cs_[A-Za-z0-9_]+$/.test(sessionId)) throw missing;
  const [customerId, session] = await Promise.all([
    findStripeCustomerId(userId),
    stripe().checkout.sessions.retrieve(sessionId).catch(() => null),
  ]);
  const sessionCustomer = typeof session?.customer === 'string' ? session.customer : session?.customer?.id;
  if (!session || !customerId || sessionCustomer !== customerId || session.client_reference_id !== userId) throw missing;
  return session;
}

/**
 * The return page's check, then the same sync as the webhook, so access is there on the first
 * page load even if the webhook is late. Nothing is granted from the URL itself.
 */
export async function confirmCheckoutReturn(userId: string, sessionId: string): Promise<CheckoutReturn> {
  const session = await loadOwnedCheckoutSession(userId, sessionId);
  if (session.status !== 'complete') return { status: session.status === 'expired' ? 'expired' : 'open' };
  const customerId = typeof session.customer === 'string' ? session.customer : (session.customer?.id ?? '');
  return { status: 'complete', paymentStatus: session.payment_status, sync: await syncStripeCustomer(customerId) };
}
