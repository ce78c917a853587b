import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { invoices, subscriptions } from '@/db/schema';
import { getBillingOverview } from '@/lib/billing/billing-overview';
import { ensureStripeCustomer } from '@/lib/billing/customers';
import { getActiveFeatures } from '@/lib/entitlements/features';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { processStripeEvent } from '@/lib/billing/sync/process-event';
import { compareEvent, compareReading } from '@/lib/billing/sync/versions';
import { createTestUser, subscribe, testStripe } from '../support/billing-harness';

const { emulator } = await vi.hoisted(() => import('../support/billing-harness').then((m) => m.startBillingEmulator()));

beforeAll(async () => {
  await setupCatalog(await testStripe());
  return () => emulator.stop();
});

/** The full reads of a customer's state the app's Stripe client makes while `work` runs (of `lists`, both by default). */
async function fullReadsDuring(work: () => Promise<void>, lists = 'subscriptions|entitlements\\/active_entitlements'): Promise<number> {
  const client = await testStripe();
  let reads = 0;
  const pattern = new RegExp(`^\\/v1\\/(${lists})(\\?|$)`);
  const count = (response: Stripe.ResponseEvent) => {
    if (response.method === 'GET' && pattern.test(response.path)) reads++;
  };
  client.on('response', count);
  try {
    await work();
  } finally {
    client.off('response', count);
  }
  return reads;
}

async function subscribedUser(email: string, plan: 'basic' | 'premium' = 'basic') {
  const userId = await createTestUser(email);
  await subscribe(emulator, userId, plan);
  const customer = await ensureStripeCustomer(userId);
  const stripe = await testStripe();
  const [sub] = (await stripe.subscriptions.list({ customer })).data;
  if (!sub) throw new Error('no subscription');
  // Stripe's clock moves on, so what follows is in a later second than the checkout's syncs.
  await emulator.clock.advance(60);
  return { userId, customer, sub, stripe };
}

/**
 * A subscriber whose card declines, a month on: the renewal has happened and been declined in
 * Stripe, and its webhooks are held back for the test to deliver (resume them in `finally`).
 */
async function declinedRenewalHeldBack(email: string) {
  const subscribed = await subscribedUser(email);
  const { customer, sub, stripe } = subscribed;
  const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
  await stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
  await emulator.webhooks.waitForIdle();
  emulator.webhooks.pause();
  await emulator.clock.advance(32 * 24 * 3600);
  return subscribed;
}

async function rowOf(subscriptionId: string) {
  const [row] = await getDb().select().from(subscriptions).where(eq(subscriptions.id, subscriptionId));
  return row;
}

async function eventsOf(stripe: Stripe, objectId: string, type: string): Promise<Stripe.Event[]> {
  const events = await stripe.events.list({ type, limit: 100 });
  return events.data.filter((event) => 'id' in event.data.object && event.data.object.id === objectId).sort((a, b) => a.created - b.created);
}

describe('an event whose own object is complete and newer than our row', () => {
  it('is written as it is, without reading Stripe', async () => {
    const { sub, stripe } = await subscribedUser('event-object@example.com');
    const reads = await fullReadsDuring(async () => {
      await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
      await emulator.webhooks.waitForIdle();
    });
    expect(reads).toBe(0);
    const row = await rowOf(sub.id);
    const remote = await stripe.subscriptions.retrieve(sub.id);
    expect(row?.cancelAtPeriodEnd).toBe(true);
    expect(row?.cancelAt?.getTime()).toBe((remote.cancel_at ?? 0) * 1000);
    // Written from the event (no read's ticket), at the event's second.
    expect(row?.readTicket).toBeNull();
  });

  it('grants what an upgrade in Stripe entitles to, from the events alone', async () => {
    const { userId, sub, stripe } = await subscribedUser('event-upgrade@example.com');
    const premium = (await stripe.prices.list({ lookup_keys: ['premium_monthly'] })).data[0];
    const item = sub.items.data[0];
    if (!premium || !item) throw new Error('setup failed');
    const reads = await fullReadsDuring(async () => {
      await stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: premium.id }], proration_behavior: 'always_invoice' });
      await emulator.webhooks.waitForIdle();
    });
    expect(reads).toBe(0);
    expect(await getActiveFeatures(userId)).toEqual(['basic_features', 'extended_features']);
    expect((await rowOf(sub.id))?.priceLookupKey).toBe('premium_monthly');
  });

  it('needs a read when the subscription names a payment method we have no card details for', async () => {
    const { userId, customer, sub, stripe } = await subscribedUser('event-new-card@example.com');
    const card = await stripe.paymentMethods.attach('pm_card_mastercard', { customer });
    const reads = await fullReadsDuring(async () => {
      await stripe.subscriptions.update(sub.id, { default_payment_method: card.id });
      await emulator.webhooks.waitForIdle();
    });
    expect(reads).toBeGreaterThan(0);
    const row = await rowOf(sub.id);
    expect(row?.paymentMethodLast4).toBe(card.card?.last4);
    expect(row?.paymentMethodBrand).toBe('mastercard');
    expect(row?.userId).toBe(userId);
  });
});

describe('events delivered late', () => {
  it('an older event after a newer one changes nothing', async () => {
    const { sub, stripe } = await subscribedUser('event-late@example.com');
    emulator.webhooks.pause();
    try {
      await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
      await emulator.clock.advance(60);
      await stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
      const [older, newer] = await eventsOf(stripe, sub.id, 'customer.subscription.updated').then((all) => all.slice(-2));
      if (!older || !newer) throw new Error('expected two updates');
      const reads = await fullReadsDuring(async () => {
        expect(await processStripeEvent(newer)).toBe('processed');
        expect(await processStripeEvent(older)).toBe('processed');
      });
      expect(reads).toBe(0);
      expect((await rowOf(sub.id))?.cancelAtPeriodEnd).toBe(false);
      expect((await stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(false);
    } finally {
      emulator.webhooks.resume();
      await emulator.webhooks.waitForIdle();
    }
    // The real deliveries, arriving after all that, are duplicates and leave the rows as they are.
    expect((await rowOf(sub.id))?.cancelAtPeriodEnd).toBe(false);
  });
});

describe('a renewal’s events delivered together', () => {
  it('are written from their objects, the invoice’s events in one second ordered by how far the invoice has come', async () => {
    const { sub, customer, stripe } = await subscribedUser('event-renewal@example.com');
    emulator.webhooks.pause();
    try {
      await emulator.clock.advance(32 * 24 * 3600);
      const renewed = await stripe.subscriptions.retrieve(sub.id);
      const invoiceId = typeof renewed.latest_invoice === 'string' ? renewed.latest_invoice : renewed.latest_invoice?.id;
      const periodEnd = renewed.items.data[0]?.current_period_end;
      if (!invoiceId || !periodEnd || periodEnd === sub.items.data[0]?.current_period_end) throw new Error('expected a renewal');
      const events = [
        ...(await eventsOf(stripe, sub.id, 'customer.subscription.updated')).slice(-1),
        ...(await eventsOf(stripe, invoiceId, 'invoice.created')),
        ...(await eventsOf(stripe, invoiceId, 'invoice.finalized')),
        ...(await eventsOf(stripe, invoiceId, 'invoice.paid')),
      ];
      // What this is about: the invoice's events share one second, so only its status orders them.
      expect(new Set(events.map((event) => event.created)).size).toBe(1);
      expect(events).toHaveLength(4);
      // Delivered out of order, all at once: one sync for the lot.
      const reads = await fullReadsDuring(async () => {
        const outcomes = await Promise.all([...events].reverse().map((event) => processStripeEvent(event)));
        expect(outcomes).toEqual(['processed', 'processed', 'processed', 'processed']);
      });
      expect(reads).toBe(0);
      const [invoice] = await getDb().select().from(invoices).where(eq(invoices.id, invoiceId));
      expect(invoice?.status).toBe('paid');
      const row = await rowOf(sub.id);
      expect(row?.currentPeriodEnd?.getTime()).toBe(periodEnd * 1000);
      expect(row?.stripeCustomerId).toBe(customer);
    } finally {
      emulator.webhooks.resume();
      await emulator.webhooks.waitForIdle();
    }
  });

  it('are written from their objects when a declined renewal’s invoice events in one second make the same row', async () => {
    const { sub, stripe } = await declinedRenewalHeldBack('event-renewal-declined@example.com');
    try {
      const renewed = await stripe.subscriptions.retrieve(sub.id);
      const invoiceId = typeof renewed.latest_invoice === 'string' ? renewed.latest_invoice : renewed.latest_invoice?.id;
      if (!invoiceId || renewed.status !== 'past_due') throw new Error('expected a declined renewal');
      const events = [
        ...(await eventsOf(stripe, invoiceId, 'invoice.created')),
        ...(await eventsOf(stripe, invoiceId, 'invoice.finalized')),
        ...(await eventsOf(stripe, invoiceId, 'invoice.payment_failed')),
      ];
      expect(events).toHaveLength(3);
      expect(new Set(events.map((event) => event.created)).size).toBe(1);
      const reads = await fullReadsDuring(async () => {
        const outcomes = await Promise.all([...events].reverse().map((event) => processStripeEvent(event)));
        expect(outcomes).toEqual(['processed', 'processed', 'processed']);
      });
      expect(reads).toBe(0);
      const [invoice] = await getDb().select().from(invoices).where(eq(invoices.id, invoiceId));
      const remote = await stripe.invoices.retrieve(invoiceId);
      expect(invoice).toMatchObject({ status: 'open', amountPaid: remote.amount_paid, amountDue: remote.amount_due });
    } finally {
      emulator.webhooks.resume();
      await emulator.webhooks.waitForIdle();
    }
  });

  it('read only the subscription when its two updates in one second differ, not the entitlements too', async () => {
    const { sub, stripe } = await declinedRenewalHeldBack('event-renewal-two-updates@example.com');
    try {
      const updates = (await eventsOf(stripe, sub.id, 'customer.subscription.updated')).slice(-2);
      // The renewal and its decline: one second, two different objects, which nothing orders.
      const statusOf = (event: Stripe.Event | undefined) => (event?.type === 'customer.subscription.updated' ? event.data.object.status : null);
      const renewal = updates.find((event) => statusOf(event) === 'active');
      const pastDue = updates.find((event) => statusOf(event) === 'past_due');
      if (!renewal || !pastDue) {
        throw new Error(`expected a renewal and its decline, got ${updates.map(statusOf).join(', ')}`);
      }
      expect(renewal.created).toBe(pastDue.created);
      let entitlementReads = 0;
      const subscriptionReads = await fullReadsDuring(async () => {
        entitlementReads = await fullReadsDuring(async () => {
          const outcomes = await Promise.all([pastDue, renewal].map((event) => processStripeEvent(event)));
          expect(outcomes).toEqual(['processed', 'processed']);
        }, 'entitlements\\/active_entitlements');
      }, 'subscriptions');
      expect(subscriptionReads).toBeGreaterThan(0);
      expect(entitlementReads).toBe(0);
      expect((await rowOf(sub.id))?.status).toBe('past_due');
    } finally {
      emulator.webhooks.resume();
      await emulator.webhooks.waitForIdle();
    }
  });
});

describe('the ordering rules', () => {
  const read = (ticket: number, asOfMin: number, asOfMax: number) => ({ readTicket: ticket, asOfMin, asOfMax });
  const fromEvent = (second: number) => ({ readTicket: null, asOfMin: second, asOfMax: second });

  it('apply an event only when it is in a later second than the row', () => {
    expect(compareEvent(101, read(5, 99, 100))).toBe('apply');
    expect(compareEvent(100, read(5, 99, 100))).toBe('unordered');
    expect(compareEvent(99, read(5, 99, 100))).toBe('unordered');
    expect(compareEvent(98, read(5, 99, 100))).toBe('already-included');
    expect(compareEvent(100, fromEvent(100))).toBe('unordered');
    expect(compareEvent(101, fromEvent(100))).toBe('apply');
    expect(compareEvent(99, fromEvent(100))).toBe('already-included');
    expect(compareEvent(1, undefined)).toBe('apply');
  });

  it('order reads by ticket, and against an event only when the seconds do not overlap', () => {
    expect(compareReading({ ticket: 6, asOfMin: 0, asOfMax: 0 }, read(5, 99, 100))).toBe('newer');
    expect(compareReading({ ticket: 4, asOfMin: 200, asOfMax: 201 }, read(5, 99, 100))).toBe('older');
    expect(compareReading({ ticket: 9, asOfMin: 101, asOfMax: 102 }, fromEvent(100))).toBe('newer');
    expect(compareReading({ ticket: 9, asOfMin: 100, asOfMax: 101 }, fromEvent(100))).toBe('unordered');
    expect(compareReading({ ticket: 9, asOfMin: 98, asOfMax: 99 }, fromEvent(100))).toBe('older');
  });
});

describe('the billing page’s invoices', () => {
  it('come from the rows the sync keeps, each user seeing only their own', async () => {
    const { userId, customer, stripe } = await subscribedUser('invoices-owner@example.com', 'premium');
    const other = await subscribedUser('invoices-other@example.com');
    const remote = (await stripe.invoices.list({ customer })).data.filter((invoice) => invoice.status !== 'draft');
    expect(remote.length).toBeGreaterThan(0);

    const overview = await getBillingOverview(userId);
    expect(overview.invoices.map((invoice) => invoice.id).sort()).toEqual(remote.map((invoice) => invoice.id).sort());
    const paid = remote.find((invoice) => invoice.status === 'paid');
    expect(overview.invoices.find((invoice) => invoice.id === paid?.id)).toMatchObject({ amount: paid?.amount_paid, status: 'paid', currency: paid?.currency });

    const othersView = await getBillingOverview(other.userId);
    expect(othersView.invoices.length).toBeGreaterThan(0);
    expect(othersView.invoices.some((invoice) => remote.some((mine) => mine.id === invoice.id))).toBe(false);
    // Every stored row of this customer belongs to its user.
    const rows = await getDb().select({ userId: invoices.userId }).from(invoices).where(eq(invoices.stripeCustomerId, customer));
    expect(new Set(rows.map((row) => row.userId))).toEqual(new Set([userId]));
  });

  it('are shown without a Stripe request', async () => {
    const { userId } = await subscribedUser('invoices-no-read@example.com');
    const client = await testStripe();
    let requests = 0;
    const count = () => void requests++;
    client.on('response', count);
    try {
      expect((await getBillingOverview(userId)).invoices.length).toBeGreaterThan(0);
    } finally {
      client.off('response', count);
    }
    expect(requests).toBe(0);
  });
});
