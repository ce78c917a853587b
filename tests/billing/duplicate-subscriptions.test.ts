import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { billingNotices, subscriptions } from '@/db/schema';
import { dismissBillingNotice } from '@/lib/billing/actions/dismiss-billing-notice';
import { getBillingOverview } from '@/lib/billing/billing-overview';
import { getPricedPlan } from '@/lib/billing/catalog';
import { findStripeCustomerId } from '@/lib/billing/customers';
import { settleDuplicateSubscriptions } from '@/lib/billing/sync/duplicate-subscriptions';
import { getActiveFeatures } from '@/lib/entitlements/features';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { fetchStripeState, syncStripeCustomer } from '@/lib/billing/sync/sync-customer';
import { createTestUser, subscribe, testStripe } from '../support/billing-harness';
import { signedInBrowser } from '../support/server-action-context';

const { emulator } = await vi.hoisted(() => import('../support/billing-harness').then((m) => m.startBillingEmulator()));

beforeAll(async () => {
  await setupCatalog(await testStripe());
  return () => emulator.stop();
});

const idOf = (ref: string | { id: string } | null | undefined): string => (typeof ref === 'string' ? ref : (ref?.id ?? ''));

/** A subscriber on Basic through the app's own checkout; their customer and subscription. */
async function basicSubscriber(email: string) {
  const userId = await createTestUser(email);
  await subscribe(emulator, userId, 'basic');
  const customer = (await findStripeCustomerId(userId)) ?? '';
  const [first] = (await (await testStripe()).subscriptions.list({ customer })).data;
  if (!first) throw new Error('no subscription');
  return { userId, customer, first };
}

/**
 * A second subscription made behind the app's back, as the customer portal, the Dashboard or a
 * direct API call could: with the customer's own card, charged at once.
 */
async function secondSubscriptionBehindTheAppsBack(customer: string, first: Stripe.Subscription): Promise<Stripe.Subscription> {
  const premium = await getPricedPlan('premium');
  if (!premium) throw new Error('no premium price');
  return (await testStripe()).subscriptions.create({
    customer,
    items: [{ price: premium.priceId }],
    default_payment_method: idOf(first.default_payment_method),
  });
}

/** Refunds of the PaymentIntents that paid the subscription's invoices. */
async function refundsOf(subscription: string): Promise<Stripe.Refund[]> {
  const stripe = await testStripe();
  const invoices = await stripe.invoices.list({ subscription, status: 'paid', expand: ['data.payments'] });
  const intents = invoices.data.flatMap((invoice) => (invoice.payments?.data ?? []).map((p) => idOf(p.payment.payment_intent)));
  const lists = await Promise.all(intents.map((pi) => stripe.refunds.list({ payment_intent: pi })));
  return lists.flatMap((list) => list.data);
}

async function paidAmount(subscription: string): Promise<number> {
  const invoices = await (await testStripe()).invoices.list({ subscription, status: 'paid' });
  return invoices.data.reduce((sum, invoice) => sum + invoice.amount_paid, 0);
}

describe('a second live subscription for one account', () => {
  it('is canceled and refunded by the webhook sync; the older one stays, and the user is told', async () => {
    const { userId, customer, first } = await basicSubscriber('portal-twice@example.com');
    const second = await secondSubscriptionBehindTheAppsBack(customer, first);
    expect(second.status).toBe('active');
    const charged = await paidAmount(second.id);
    expect(charged).toBe(1500);
    await emulator.webhooks.waitForIdle();

    const stripe = await testStripe();
    expect((await stripe.subscriptions.retrieve(first.id)).status).toBe('active');
    expect((await stripe.subscriptions.retrieve(second.id)).status).toBe('canceled');
    expect((await stripe.subscriptions.list({ customer, status: 'active' })).data.map((s) => s.id)).toEqual([first.id]);
    expect((await refundsOf(second.id)).map((r) => [r.amount, r.status])).toEqual([[charged, 'succeeded']]);
    expect(await refundsOf(first.id)).toEqual([]);

    // Our rows show the canceled state, and access is the kept subscription's.
    const rows = await getDb().select().from(subscriptions).where(eq(subscriptions.userId, userId));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [first.id]: 'active', [second.id]: 'canceled' });
    expect(await getActiveFeatures(userId)).toEqual(['basic_features']);

    const notices = await getDb().select().from(billingNotices).where(eq(billingNotices.userId, userId));
    expect(notices).toMatchObject([{ kind: 'duplicate_subscription_refunded', subscriptionId: second.id, amount: charged, currency: 'usd', dismissedAt: null }]);
    expect((await getBillingOverview(userId)).notices.map((n) => n.subscriptionId)).toEqual([second.id]);
  });

  it('is refunded once however often the events arrive and however many instances sync at once', async () => {
    const { userId, customer, first } = await basicSubscriber('redelivered@example.com');
    emulator.webhooks.setDuplicate(true);
    emulator.webhooks.pause();
    try {
      const second = await secondSubscriptionBehindTheAppsBack(customer, first);
      // Three server instances read Stripe before any of them has acted, then all act.
      const readings = await Promise.all([1, 2, 3].map(() => fetchStripeState(customer)));
      await Promise.all(readings.map((state) => settleDuplicateSubscriptions(userId, state.subscriptions)));
      // Then every event, twice over, and one more sync for good measure.
      emulator.webhooks.resume();
      await emulator.webhooks.waitForIdle();
      await syncStripeCustomer(customer);

      expect((await refundsOf(second.id)).map((r) => r.amount)).toEqual([await paidAmount(second.id)]);
      expect(await refundsOf(first.id)).toEqual([]);
      expect((await (await testStripe()).subscriptions.list({ customer, status: 'active' })).data.map((s) => s.id)).toEqual([first.id]);
      expect(await getDb().select().from(billingNotices).where(eq(billingNotices.userId, userId))).toHaveLength(1);
      expect(emulator.webhooks.deliveries().filter((d) => d.status !== 200)).toEqual([]);
    } finally {
      emulator.webhooks.setDuplicate(false);
      emulator.webhooks.resume();
      await emulator.webhooks.waitForIdle();
    }
  });

  it('notice can be dismissed by its user only', async () => {
    const { userId, customer, first } = await basicSubscriber('dismiss@example.com');
    await createTestUser('someone-else@example.com');
    await secondSubscriptionBehindTheAppsBack(customer, first);
    await emulator.webhooks.waitForIdle();
    const [notice] = (await getBillingOverview(userId)).notices;
    if (!notice) throw new Error('no notice');

    // Another signed-in user posts the owner's notice id.
    const intruder = await signedInBrowser('someone-else@example.com');
    const attempt = await intruder.run(dismissBillingNotice, { noticeId: notice.id });
    expect(attempt.state?.error).toBeTruthy();
    expect((await getBillingOverview(userId)).notices.map((n) => n.id)).toEqual([notice.id]);

    const owner = await signedInBrowser('dismiss@example.com');
    const dismissed = await owner.run(dismissBillingNotice, { noticeId: notice.id });
    expect(dismissed.state?.error).toBeUndefined();
    expect((await getBillingOverview(userId)).notices).toEqual([]);
    const [row] = await getDb().select().from(billingNotices).where(eq(billingNotices.id, notice.id));
    expect(row?.dismissedAt).toBeInstanceOf(Date);
  });
});
