import 'server-only';
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import Stripe from 'stripe';
import { getDb } from '@/db/client';
import { planChangePreviews, type PlanChangePreviewRow } from '@/db/schema';
import { stripe } from '@/lib/stripe/client';
import { getPricedPlan } from './catalog';
import type { PlanId } from './plans';
import { BillingError } from './billing-error';
import { loadOwnedLiveSubscription } from './subscriptions';
import { syncStripeCustomer } from './sync/sync-customer';

export type PlanChangePreview = {
  /** What the confirm form sends back: the only handle on these figures a client ever holds. */
  previewId: string;
  plan: PlanId;
  /** Charged now for the rest of this period (negative: a credit towards future invoices). */
  amountDueNow: number;
  prorationAmount: number;
  currency: string;
  /** What the following invoices will be, and when the next one comes. */
  nextAmount: number;
  nextInvoiceAt: number | null;
};

/**
 * How long a preview can be confirmed. Confirming charges the proration as of the preview's
 * moment, so this bounds how far back a change can be dated (a few cents at most), while leaving
 * time to read the figures.
 */
export const PREVIEW_TTL_MINUTES = 15;
/** Older previews are deleted whenever a new one is made, so the table holds about a day of them. */
const PREVIEW_RETENTION = sql`interval '1 day'`;

async function target(userId: string, planId: PlanId) {
  const plan = await getPricedPlan(planId);
  if (!plan) throw new BillingError({ key: 'planUnavailable' });
  const { subscription, customerId } = await loadOwnedLiveSubscription(userId);
  const item = subscription.item;
  if (!item) throw new BillingError({ key: 'noItems' });
  if (item.priceId === plan.priceId) throw new BillingError({ key: 'alreadyOnPlan', values: { plan: plan.name } });
  return { plan, subscription, customerId, item };
}

/**
 * Asks Stripe what the switch costs now and stores that answer for this user: the confirm step
 * charges exactly it, by id, so nothing a client sends can change the amount.
 */
export async function previewPlanChange(userId: string, planId: PlanId): Promise<PlanChangePreview> {
  const { plan, subscription, customerId, item } = await target(userId, planId);
  // No proration date: Stripe uses its own now (a test clock's, if the customer has one) and
  // reports the date it used, which is stored for the confirm.
  const [invoice] = await Promise.all([
    stripe().invoices.createPreview({
      customer: customerId,
      subscription: subscription.id,
      subscription_details: { items: [{ id: item.id, price: plan.priceId }], proration_behavior: 'always_invoice' },
    }),
    getDb()
      .delete(planChangePreviews)
      .where(lt(planChangePreviews.createdAt, sql`now() - ${PREVIEW_RETENTION}`)),
  ]);
  const prorationDate = invoice.parent?.subscription_details?.subscription_proration_date;
  if (prorationDate === undefined) throw new Error('Stripe did not report the proration date of the preview');

  const [stored] = await getDb()
    .insert(planChangePreviews)
    .values({
      userId,
      subscriptionId: subscription.id,
      subscriptionItemId: item.id,
      fromPriceId: item.priceId,
      toPriceId: plan.priceId,
      plan: plan.id,
      prorationDate,
      amountDue: invoice.amount_due,
      currency: invoice.currency,
    })
    .returning({ id: planChangePreviews.id });
  if (!stored) throw new Error('could not store the plan-change preview');

  return {
    previewId: stored.id,
    plan: plan.id,
    amountDueNow: invoice.amount_due,
    prorationAmount: invoice.lines.data.filter((line) => line.parent?.subscription_item_details?.proration).reduce((sum, line) => sum + line.amount, 0),
    currency: invoice.currency,
    nextAmount: plan.amount,
    nextInvoiceAt: item.currentPeriodEnd,
  };
}

/**
 * Marks the user's own, fresh, unused preview of this plan as used and returns it; undefined
 * for anyone else's, an old or a used one. One statement, so of two confirms racing with one
 * preview exactly one gets it: the second waits for the first's row lock, then finds it used.
 * Ages are measured by the database's clock, the same for every server.
 */
async function consumePreview(userId: string, planId: PlanId, previewId: string): Promise<PlanChangePreviewRow | undefined> {
  const [row] = await getDb()
    .update(planChangePreviews)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(planChangePreviews.id, previewId),
        eq(planChangePreviews.userId, userId),
        eq(planChangePreviews.plan, planId),
        isNull(planChangePreviews.usedAt),
        gt(planChangePreviews.createdAt, sql`now() - make_interval(mins => ${PREVIEW_TTL_MINUTES})`),
      ),
    )
    .returning();
  return row;
}

/**
 * Switches plans as previewed: the proration is invoiced at once, dated at the preview's moment,
 * so Stripe charges exactly the previewed amount. Then syncs our copy.
 *
 * A preview allows one attempt. If the card is declined Stripe changes nothing (the update is
 * `error_if_incomplete`), yet the preview stays used: fixing the card means leaving for the
 * portal, which drops the preview anyway, and a fresh one is a click. In exchange "one preview,
 * at most one Stripe update" holds without exceptions, which lets the preview id serve as the
 * update's idempotency key: a retried or replayed request can never charge twice.
 */
export async function changePlan(userId: string, planId: PlanId, previewId: string): Promise<void> {
  const preview = await consumePreview(userId, planId, previewId);
  if (!preview) throw new BillingError({ key: 'previewStale' });

  const { plan, subscription, customerId, item } = await target(userId, planId);
  // The previewed amount holds only for the state it was computed from: the same subscription
  // and item on the same price, the same target price, and the same billing period.
  const unchanged =
    subscription.id === preview.subscriptionId &&
    item.id === preview.subscriptionItemId &&
    item.priceId === preview.fromPriceId &&
    plan.priceId === preview.toPriceId &&
    preview.prorationDate >= item.currentPeriodStart &&
    preview.prorationDate < item.currentPeriodEnd;
  if (!unchanged) throw new BillingError({ key: 'previewChanged' });
  // Anything else that moves the amount (a quantity or a credit balance changed in the Dashboard,
  // say) shows here: Stripe prices the same change at the same moment again, and it must come to
  // exactly what the user was shown.
  const again = await stripe().invoices.createPreview({
    customer: customerId,
    subscription: subscription.id,
    subscription_details: {
      items: [{ id: item.id, price: preview.toPriceId }],
      proration_behavior: 'always_invoice',
      proration_date: preview.prorationDate,
    },
  });
  if (again.amount_due !== preview.amountDue || again.currency !== preview.currency) throw new BillingError({ key: 'previewChanged' });

  try {
    await stripe().subscriptions.update(
      subscription.id,
      {
        items: [{ id: item.id, price: preview.toPriceId }],
        proration_behavior: 'always_invoice',
        proration_date: preview.prorationDate,
        // If the proration cannot be paid, the change does not happen: no upgrade without payment.
        payment_behavior: 'error_if_incomplete',
      },
      { idempotencyKey: `entitle-plan-change-${preview.id}` },
    );
  } catch (error) {
    if (error instanceof Stripe.errors.StripeCardError) {
      throw new BillingError({ key: 'cardDeclined', values: { reason: error.message } });
    }
    throw error;
  }
  await syncStripeCustomer(customerId);
}
