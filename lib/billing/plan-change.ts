import 'server-only';
import Stripe from 'stripe';
import { stripe } from '@/lib/stripe/client';
import { getPricedPlan, type PricedPlan } from './catalog';
import type { PlanId } from './plans';
import { BillingError, loadOwnedLiveSubscription } from './subscriptions';
import { syncStripeCustomer } from './sync-customer';

export type PlanChangePreview = {
  plan: PlanId;
  /** Charged now for the rest of this period (negative: a credit towards future invoices). */
  amountDueNow: number;
  prorationAmount: number;
  currency: string;
  /** What the following invoices will be, and when the next one comes. */
  nextAmount: number;
  nextInvoiceAt: number | null;
  /** Passed back on confirm so Stripe charges exactly what was shown. */
  prorationDate: number;
};

async function target(userId: string, planId: PlanId) {
  const plan = await getPricedPlan(planId);
  if (!plan) throw new BillingError('That plan is not available right now.');
  const { subscription, customerId } = await loadOwnedLiveSubscription(userId);
  const item = subscription.items.data[0];
  if (!item) throw new BillingError('Your subscription has no items.');
  if (item.price.id === plan.priceId) throw new BillingError(`You are already on ${plan.name}.`);
  return { plan, subscription, customerId, item };
}

export async function previewPlanChange(userId: string, planId: PlanId): Promise<PlanChangePreview> {
  const { plan, subscription, customerId, item } = await target(userId, planId);
  // No proration date: Stripe uses its own now (a test clock's, if the customer has one), and
  // reports the date it used, which the confirm step then passes back.
  const invoice = await stripe().invoices.createPreview({
    customer: customerId,
    subscription: subscription.id,
    subscription_details: { items: [{ id: item.id, price: plan.priceId }], proration_behavior: 'always_invoice' },
  });
  return summarize(plan, invoice, item);
}

function summarize(plan: PricedPlan, invoice: Stripe.Invoice, item: Stripe.SubscriptionItem): PlanChangePreview {
  const prorationDate = invoice.parent?.subscription_details?.subscription_proration_date;
  if (prorationDate === undefined) throw new Error('Stripe did not report the proration date of the preview');
  const prorationAmount = invoice.lines.data
    .filter((line) => line.parent?.subscription_item_details?.proration)
    .reduce((sum, line) => sum + line.amount, 0);
  return {
    plan: plan.id,
    amountDueNow: invoice.amount_due,
    prorationAmount,
    currency: invoice.currency,
    nextAmount: plan.amount,
    nextInvoiceAt: item.current_period_end,
    prorationDate,
  };
}

/** Switches plans, invoicing the proration at once at the previewed date; then syncs our copy. */
export async function changePlan(userId: string, planId: PlanId, prorationDate?: number): Promise<void> {
  const { plan, subscription, customerId, item } = await target(userId, planId);
  // Outside the current period (the preview went stale across a renewal) Stripe would refuse it.
  const inPeriod = prorationDate !== undefined && prorationDate >= item.current_period_start && prorationDate < item.current_period_end;
  try {
    await stripe().subscriptions.update(subscription.id, {
      items: [{ id: item.id, price: plan.priceId }],
      proration_behavior: 'always_invoice',
      ...(inPeriod ? { proration_date: prorationDate } : {}),
      // If the proration cannot be paid, the change does not happen: no upgrade without payment.
      payment_behavior: 'error_if_incomplete',
    });
  } catch (error) {
    if (error instanceof Stripe.errors.StripeCardError) {
      throw new BillingError(`${error.message} Your plan was not changed; update your card and try again.`);
    }
    throw error;
  }
  await syncStripeCustomer(customerId);
}
