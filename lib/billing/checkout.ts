import 'server-only';
import type Stripe from 'stripe';
import { env } from '@/lib/env';
import type { Locale } from '@/lib/i18n/locales';
import { stripe } from '@/lib/stripe/client';
import { retrieveCheckoutSession } from '@/lib/stripe/reads';
import type { CheckoutSessionView } from '@/lib/stripe/reshape';
import { getPricedPlan } from './catalog';
import { withCheckoutLease } from './checkout-lease';
import { ensureStripeCustomer, findStripeCustomerId } from './customers';
import type { PlanId } from './plans';
import { BillingError } from './billing-error';
import { getCurrentSubscription, isLive } from './subscriptions';
import { syncStripeCustomer, type SyncResult } from './sync/sync-customer';

export type CheckoutStart =
  | { kind: 'redirect'; url: string }
  | { kind: 'elements'; sessionId: string; clientSecret: string }
  | { kind: 'change-plan'; url: string };

/** An open session of ours younger than this, for the same plan, is handed back instead of a new one. */
const REUSE_WITHIN_SECONDS = 60 * 60;
/** ...as long as the user still has this long to pay it. */
const REUSE_MIN_REMAINING_SECONDS = 10 * 60;

/**
 * Starts a subscription checkout for the user, or points an existing subscriber at a plan change.
 * One account must never end up with two subscriptions, billed twice: starts are serialized per
 * user (see `withCheckoutLease`), and inside the lease Stripe itself, not our synced rows that may
 * lag behind, says whether the user already subscribes and whether an open checkout can be reused.
 * Checkout speaks `locale`, the language the user reads the app in; without it, Stripe follows
 * the browser's.
 */
export async function startCheckout(userId: string, planId: PlanId, origin: string, locale?: Locale): Promise<CheckoutStart> {
  const plan = await getPricedPlan(planId);
  if (!plan) throw new BillingError({ key: 'planUnavailable' });
  const changePlan: CheckoutStart = { kind: 'change-plan', url: `/billing?change=${planId}` };

  // The common case, answered without Stripe or the lease; Stripe is asked again inside it.
  const current = await getCurrentSubscription(userId);
  if (current && isLive(current)) return changePlan;

  const customer = await ensureStripeCustomer(userId);
  return withCheckoutLease(userId, async () => {
    const client = stripe();
    const [notCanceled, newest, open] = await Promise.all([
      // Without a status filter Stripe lists every subscription that is not canceled.
      client.subscriptions.list({ customer, limit: 100 }),
      client.subscriptions.list({ customer, status: 'all', limit: 1 }),
      client.checkout.sessions.list({ customer, status: 'open', limit: 100 }),
    ]);
    if (notCanceled.data.some(isLive)) return changePlan;

    // The free trial is for a first subscription only, whatever became of an earlier one.
    const trialDays = newest.data.length === 0 ? env.CHECKOUT_TRIAL_DAYS : 0;
    const elements = env.CHECKOUT_UI === 'elements';
    const urls = elements
      ? { return_url: `${origin}/checkout/return?session_id={CHECKOUT_SESSION_ID}` }
      : { success_url: `${origin}/checkout/return?session_id={CHECKOUT_SESSION_ID}`, cancel_url: `${origin}/pricing?checkout=canceled` };
    const metadata = { userId, plan: plan.id, price: plan.priceId, trialDays: String(trialDays), ui: elements ? 'elements' : 'hosted' };

    const reusable = open.data.find((session) => isSameCheckout(session, userId, metadata, urls, locale));
    const completedMeanwhile = await expireOpenSessions(open.data.filter((session) => session !== reusable));
    // Paid in another tab while this request was on its way: that is now the subscription.
    if (completedMeanwhile) return changePlan;
    if (reusable) return toCheckoutStart(reusable, elements);

    const session = await client.checkout.sessions.create({
      mode: 'subscription',
      customer,
      client_reference_id: userId,
      line_items: [{ price: plan.priceId, quantity: 1 }],
      metadata,
      subscription_data: {
        metadata: { userId },
        ...(trialDays > 0 ? { trial_period_days: trialDays } : {}),
      },
      ...(elements ? { ui_mode: 'elements', ...urls } : urls),
      ...(locale ? { locale } : {}),
    });
    return toCheckoutStart(session, elements);
  });
}

function toCheckoutStart(session: Stripe.Checkout.Session, elements: boolean): CheckoutStart {
  if (elements) {
    if (!session.client_secret) throw new Error(`checkout session ${session.id} has no client secret`);
    return { kind: 'elements', sessionId: session.id, clientSecret: session.client_secret };
  }
  if (!session.url) throw new Error(`checkout session ${session.id} has no URL`);
  return { kind: 'redirect', url: session.url };
}

/**
 * An open session this app made for this user with exactly what it would ask for now (plan,
 * price, trial, checkout UI and return URLs, so a preview deployment does not get production's
 * session; language, so a user who switched it meanwhile pays in the new one), recent and with
 * time left to pay: a double click ends on one session, not two.
 */
function isSameCheckout(
  session: Stripe.Checkout.Session,
  userId: string,
  metadata: Record<string, string>,
  urls: { return_url: string } | { success_url: string; cancel_url: string },
  locale: Locale | undefined,
): boolean {
  const now = Math.floor(Date.now() / 1000);
  const sameUrls = 'return_url' in urls ? session.return_url === urls.return_url && Boolean(session.client_secret) : session.success_url === urls.success_url && session.cancel_url === urls.cancel_url && Boolean(session.url);
  return (
    session.status === 'open' &&
    session.client_reference_id === userId &&
    Object.entries(metadata).every(([key, value]) => session.metadata?.[key] === value) &&
    sameUrls &&
    // A session made without a locale reads back as null, or as Stripe's default 'auto'.
    (session.locale ?? 'auto') === (locale ?? 'auto') &&
    session.created >= now - REUSE_WITHIN_SECONDS &&
    session.expires_at >= now + REUSE_MIN_REMAINING_SECONDS
  );
}

/**
 * Only one checkout can be paid: a session left open in another tab would otherwise become a
 * second subscription, charged on top of the first. Says whether one of them turned out to have
 * been completed in the meantime.
 */
async function expireOpenSessions(sessions: Stripe.Checkout.Session[]): Promise<boolean> {
  const outcomes = await Promise.all(
    sessions.map((session) =>
      stripe()
        .checkout.sessions.expire(session.id)
        // Completed or expired in the meantime: which one matters.
        .catch(() => stripe().checkout.sessions.retrieve(session.id)),
    ),
  );
  return outcomes.some((session) => session.status === 'complete');
}

export type CheckoutReturn =
  | { status: 'complete'; paymentStatus: string; sync: SyncResult | null }
  | { status: 'open' | 'expired' };

/**
 * A checkout session, only if it belongs to this user: our customer and our user id on it.
 * Anything else reads as "does not exist", so ids of other people's sessions tell nothing.
 */
export async function loadOwnedCheckoutSession(userId: string, sessionId: string): Promise<CheckoutSessionView> {
  const missing = new BillingError({ key: 'checkoutSessionMissing' });
  if (!/^cs_[A-Za-z0-9_]+$/.test(sessionId)) throw missing;
  const [customerId, session] = await Promise.all([
    findStripeCustomerId(userId),
    retrieveCheckoutSession(sessionId),
  ]);
  if (!session || !customerId || session.customerId !== customerId || session.clientReferenceId !== userId) throw missing;
  return session;
}

/**
 * The return page's check, then the same sync as the webhook, so access is there on the first
 * page load even if the webhook is late. Nothing is granted from the URL itself.
 */
export async function confirmCheckoutReturn(userId: string, sessionId: string): Promise<CheckoutReturn> {
  const session = await loadOwnedCheckoutSession(userId, sessionId);
  if (session.status !== 'complete') return { status: session.status === 'expired' ? 'expired' : 'open' };
  const customerId = session.customerId ?? '';
  return { status: 'complete', paymentStatus: session.paymentStatus, sync: await syncStripeCustomer(customerId) };
}
