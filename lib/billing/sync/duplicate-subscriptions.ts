import 'server-only';
import Stripe from 'stripe';
import { idOf } from '@/lib/stripe/reference';
import { getDb } from '@/db/client';
import { billingNotices } from '@/db/schema';
import { stripe } from '@/lib/stripe/client';
import { isLive } from '../subscription-status';

/**
 * One account, one subscription. Checkout never starts a second one (see `startCheckout`), but a
 * second live subscription can still appear: two tabs paid before that guard existed, a session
 * paid at the very moment another was started, the portal, the Dashboard, a direct API call. The
 * sync calls this with what it read from Stripe: the oldest live subscription stays, each newer
 * one is refunded, canceled at once and reported to the user.
 *
 * Safe to run on several instances at once and again and again: every Stripe write carries an
 * idempotency key derived from the subscription or payment, so concurrent syncs replay one
 * another's refund and cancellation instead of repeating them, and the notice row is unique per
 * subscription. No database transaction is open while Stripe answers.
 *
 * Returns whether it acted, so the caller reads Stripe again and writes the canceled state.
 */
export async function settleDuplicateSubscriptions(userId: string, subscriptions: Stripe.Subscription[] /* as Stripe lists them */): Promise<boolean> {
  // Stripe lists newest first, and its order is the same for every reader: reversed, it breaks
  // ties between subscriptions created in the same second, so every instance keeps the same one.
  const live = subscriptions
    .toReversed()
    .filter(isLive)
    .sort((a, b) => a.created - b.created);
  const [kept, ...duplicates] = live;
  if (!kept || duplicates.length === 0) return false;
  for (const duplicate of duplicates) await settleDuplicate(userId, kept, duplicate);
  return true;
}

async function settleDuplicate(userId: string, kept: Stripe.Subscription, duplicate: Stripe.Subscription): Promise<void> {
  // Refund before canceling: a sync that fails half-way is retried (the webhook answers 500) and
  // finds the subscription still live, so nothing paid is ever left unrefunded behind a cancellation.
  const refunded = await refundPaidInvoices(duplicate);
  if (await voidOpenInvoices(duplicate)) {
    // A bank debit still on its way cannot be stopped, and once canceled the subscription would
    // no longer look like a duplicate when it is paid. Its settlement (invoice.paid or
    // invoice.payment_failed) brings the next sync here again, to refund and cancel then.
    console.warn(`[entitle] duplicate subscription ${duplicate.id} has a payment in flight; settling it once that is done`);
    return;
  }
  await getDb()
    .insert(billingNotices)
    .values({ userId, kind: 'duplicate_subscription_refunded', subscriptionId: duplicate.id, amount: refunded, currency: duplicate.currency })
    .onConflictDoNothing({ target: [billingNotices.kind, billingNotices.subscriptionId] });
  await cancelNow(kept, duplicate);
}

/** Everything the subscription's invoices were paid, given back; the amount refunded. */
async function refundPaidInvoices(subscription: Stripe.Subscription): Promise<number> {
  const client = stripe();
  // This API version records how an invoice was paid in its `payments` list (invoice_payment
  // objects naming the PaymentIntent), included only when expanded.
  const invoices = await client.invoices
    .list({ subscription: subscription.id, status: 'paid', limit: 100, expand: ['data.payments'] })
    .autoPagingToArray({ limit: 1000 });
  const payments = invoices.flatMap((invoice) =>
    (invoice.payments?.data ?? []).flatMap((payment) => {
      const intent = payment.payment.payment_intent;
      const paymentIntent = idOf(intent);
      return payment.status === 'paid' && paymentIntent && (payment.amount_paid ?? 0) > 0 ? [{ id: payment.id, invoice: invoice.id ?? '', paymentIntent }] : [];
    }),
  );
  const amounts = await Promise.all(payments.map((payment) => refundPayment(subscription.id, payment)));
  return amounts.reduce((sum, amount) => sum + amount, 0);
}

async function refundPayment(subscriptionId: string, payment: { id: string; invoice: string; paymentIntent: string }): Promise<number> {
  const client = stripe();
  try {
    // No amount: what is left of the payment, which is all of it unless someone refunded part already.
    const refund = await client.refunds.create(
      { payment_intent: payment.paymentIntent, reason: 'duplicate', metadata: { subscription: subscriptionId, invoice: payment.invoice } },
      { idempotencyKey: `entitle-dup-refund-${payment.id}` },
    );
    return refund.amount;
  } catch (error) {
    // Refunded already (by an earlier sync whose idempotency key has expired, or by hand in the
    // Dashboard): report what was given back.
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError) || error.code !== 'charge_already_refunded') throw error;
    const refunds = await client.refunds.list({ payment_intent: payment.paymentIntent, limit: 100 }).autoPagingToArray({ limit: 1000 });
    return refunds.filter((r) => r.status === 'succeeded' || r.status === 'pending').reduce((sum, r) => sum + r.amount, 0);
  }
}

async function cancelNow(kept: Stripe.Subscription, duplicate: Stripe.Subscription): Promise<void> {
  const client = stripe();
  try {
    // Refunded in full above, so no proration credit and no final invoice on top.
    await client.subscriptions.cancel(
      duplicate.id,
      { prorate: false, invoice_now: false, cancellation_details: { comment: `Duplicate of ${kept.id}; refunded.` } },
      { idempotencyKey: `entitle-dup-cancel-${duplicate.id}` },
    );
  } catch (error) {
    // Canceled already (another instance, or after the key expired) is the outcome we wanted.
    const now = await client.subscriptions.retrieve(duplicate.id).catch(() => null);
    if (now?.status !== 'canceled') throw error;
  }
}

/**
 * Voids what the duplicate still asks to be paid, so it is never collected. Says whether an
 * invoice has a payment still processing (then it is left alone: it cannot be voided).
 */
async function voidOpenInvoices(subscription: Stripe.Subscription): Promise<boolean> {
  const client = stripe();
  const open = await client.invoices.list({ subscription: subscription.id, status: 'open', limit: 100, expand: ['data.payments'] });
  const inFlight = await Promise.all(
    open.data.map(async (invoice) => {
      const attempts = (invoice.payments?.data ?? []).filter((payment) => payment.status === 'open');
      const intents = await Promise.all(
        attempts.map((payment) => {
          const intent = payment.payment.payment_intent;
          return typeof intent === 'string' ? client.paymentIntents.retrieve(intent) : intent;
        }),
      );
      if (intents.some((intent) => intent?.status === 'processing')) return true;
      await client.invoices.voidInvoice(invoice.id ?? '', {}, { idempotencyKey: `entitle-dup-void-${invoice.id}` });
      return false;
    }),
  );
  return inFlight.some(Boolean);
}
