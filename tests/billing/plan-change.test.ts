import { eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { planChangePreviews, subscriptions } from '@/db/schema';
import type { ActionState } from '@/lib/actions/validated-action';
import { changePlan as changePlanAction } from '@/lib/billing/actions/change-plan';
import { previewPlanChange as previewPlanChangeAction, type PlanChangeOffer } from '@/lib/billing/actions/preview-plan-change';
import { cancelAtPeriodEnd, resumeSubscription } from '@/lib/billing/cancellation';
import { getActiveFeatures } from '@/lib/entitlements/features';
import { changePlan, previewPlanChange, type PlanChangePreview } from '@/lib/billing/plan-change';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { createTestUser, subscribe, testStripe } from '../support/billing-harness';
import { signedInBrowser, type Browser } from '../support/server-action-context';

const { emulator } = await vi.hoisted(() => import('../support/billing-harness').then((m) => m.startBillingEmulator()));
const DAY = 86_400;

beforeAll(async () => {
  await setupCatalog(await testStripe());
  return () => emulator.stop();
});

async function row(userId: string) {
  const [sub] = await getDb().select().from(subscriptions).where(eq(subscriptions.userId, userId));
  if (!sub) throw new Error('no subscription row');
  return sub;
}

describe('plan change', () => {
  it('previews the upgrade, then charges exactly the previewed amount and grants Premium', async () => {
    const userId = await createTestUser('upgrade@example.com');
    await subscribe(emulator, userId, 'basic');
    await emulator.clock.advance(10 * DAY);

    const preview = await previewPlanChange(userId, 'premium');
    expect(preview.amountDueNow).toBeGreaterThan(0);
    expect(preview.amountDueNow).toBeLessThan(1000);
    expect(preview.nextAmount).toBe(1500);

    await changePlan(userId, 'premium', preview.previewId);
    await emulator.webhooks.waitForIdle();

    const sub = await row(userId);
    expect(sub.priceLookupKey).toBe('premium_monthly');
    const invoice = await (await testStripe()).invoices.list({ subscription: sub.id, limit: 1 });
    expect(invoice.data[0]?.amount_paid).toBe(preview.amountDueNow);
    expect(await getActiveFeatures(userId)).toEqual(['basic_features', 'extended_features']);
  });

  it('downgrades back to Basic with a credit and loses extended_features', async () => {
    const userId = await createTestUser('downgrade@example.com');
    await subscribe(emulator, userId, 'premium');
    const preview = await previewPlanChange(userId, 'basic');
    expect(preview.prorationAmount).toBeLessThan(0);
    await changePlan(userId, 'basic', preview.previewId);
    await emulator.webhooks.waitForIdle();
    expect((await row(userId)).priceLookupKey).toBe('basic_monthly');
    expect(await getActiveFeatures(userId)).toEqual(['basic_features']);
  });

  it('does not upgrade when the saved card cannot pay the proration: no Premium, nothing charged', async () => {
    const userId = await createTestUser('no-pay-upgrade@example.com');
    await subscribe(emulator, userId, 'basic');
    const stripe = await testStripe();
    const sub = await row(userId);
    // The card on file starts failing (Stripe's test card that attaches, then declines charges).
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: sub.stripeCustomerId });
    await stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
    await emulator.clock.advance(5 * DAY);
    const invoicesBefore = (await stripe.invoices.list({ subscription: sub.id })).data.length;

    const preview = await previewPlanChange(userId, 'premium');
    await expect(changePlan(userId, 'premium', preview.previewId)).rejects.toThrow();
    await emulator.webhooks.waitForIdle();

    expect((await stripe.subscriptions.retrieve(sub.id)).items.data[0]?.price.lookup_key).toBe('basic_monthly');
    expect((await stripe.invoices.list({ subscription: sub.id })).data).toHaveLength(invoicesBefore);
    expect(await getActiveFeatures(userId)).toEqual(['basic_features']);
  });

  it('refuses a change to the plan the user already has', async () => {
    const userId = await createTestUser('same@example.com');
    await subscribe(emulator, userId, 'basic');
    await expect(previewPlanChange(userId, 'basic')).rejects.toThrow(/already on Basic/);
  });
});

// The attacks below go through the real Server Actions, as the browser's form posts would, with a
// session from the real Auth.js sign-in. What they check is money: the invoices the emulator
// actually issued for the change, and the plan the live subscription is on.
describe('plan change confirm, under attack', () => {
  type Customer = { userId: string; browser: Browser; subscriptionId: string };

  async function subscribedCustomer(email: string, plan: 'basic' | 'premium'): Promise<Customer> {
    const userId = await createTestUser(email);
    await subscribe(emulator, userId, plan);
    return { userId, browser: await signedInBrowser(email), subscriptionId: (await row(userId)).id };
  }

  async function preview(customer: Customer, plan: 'basic' | 'premium'): Promise<PlanChangePreview> {
    const { state } = await customer.browser.run<ActionState<PlanChangeOffer>>(previewPlanChangeAction, { plan });
    if (!state?.data) throw new Error(`no preview: ${state?.error ?? 'redirected'}`);
    return state.data;
  }

  async function confirm(customer: Customer, fields: Record<string, string | number>) {
    const outcome = await customer.browser.run<ActionState>(changePlanAction, fields);
    await emulator.webhooks.waitForIdle();
    return outcome;
  }

  /** The live subscription in Stripe, and the invoices a plan change made on it. */
  async function remote(subscriptionId: string): Promise<{ subscription: Stripe.Subscription; changeInvoices: Stripe.Invoice[] }> {
    const stripe = await testStripe();
    const [subscription, invoices] = await Promise.all([
      stripe.subscriptions.retrieve(subscriptionId),
      stripe.invoices.list({ subscription: subscriptionId, limit: 100 }),
    ]);
    return { subscription, changeInvoices: invoices.data.filter((invoice) => invoice.billing_reason === 'subscription_update') };
  }

  const priceOf = (subscription: Stripe.Subscription) => subscription.items.data[0]?.price.lookup_key;
  const periodOf = (subscription: Stripe.Subscription) => {
    const item = subscription.items.data[0];
    if (!item) throw new Error('no item');
    return { start: item.current_period_start, end: item.current_period_end };
  };
  const prorationTotal = (invoice: Stripe.Invoice) =>
    invoice.lines.data.filter((line) => line.parent?.subscription_item_details?.proration).reduce((sum, line) => sum + line.amount, 0);

  it('an upgrade posted with a proration date just before the period ends still pays the previewed amount', async () => {
    const customer = await subscribedCustomer('forge-up@example.com', 'basic');
    await emulator.clock.advance(10 * DAY);
    const shown = await preview(customer, 'premium');
    // Two thirds of the month left: about two thirds of the 10 USD difference.
    expect(shown.amountDueNow).toBeGreaterThan(500);
    const { end } = periodOf((await remote(customer.subscriptionId)).subscription);

    const outcome = await confirm(customer, { plan: 'premium', previewId: shown.previewId, prorationDate: end - 60 });

    expect(outcome.redirect).toBe('/billing?changed=premium');
    const { subscription, changeInvoices } = await remote(customer.subscriptionId);
    expect(priceOf(subscription)).toBe('premium_monthly');
    expect(changeInvoices).toHaveLength(1);
    expect(changeInvoices[0]?.status).toBe('paid');
    expect(changeInvoices[0]?.amount_paid).toBe(shown.amountDueNow);
  });

  it('a downgrade posted with the period start gets the previewed credit, not a whole month', async () => {
    const customer = await subscribedCustomer('forge-down@example.com', 'premium');
    await emulator.clock.advance(10 * DAY);
    const shown = await preview(customer, 'basic');
    // Credit for two thirds of the month, not the 10 USD a period-start date would give.
    expect(shown.prorationAmount).toBeLessThan(-500);
    expect(shown.prorationAmount).toBeGreaterThan(-800);
    const { start } = periodOf((await remote(customer.subscriptionId)).subscription);

    const outcome = await confirm(customer, { plan: 'basic', previewId: shown.previewId, prorationDate: start });

    expect(outcome.redirect).toBe('/billing?changed=basic');
    const { subscription, changeInvoices } = await remote(customer.subscriptionId);
    expect(priceOf(subscription)).toBe('basic_monthly');
    expect(changeInvoices).toHaveLength(1);
    expect(prorationTotal(changeInvoices[0] as Stripe.Invoice)).toBe(shown.prorationAmount);
    expect(changeInvoices[0]?.amount_paid).toBe(shown.amountDueNow);
  });

  it("refuses another user's preview id: neither subscription changes and nothing is charged", async () => {
    const victim = await subscribedCustomer('preview-victim@example.com', 'basic');
    const attacker = await subscribedCustomer('preview-thief@example.com', 'basic');
    const victimsPreview = await preview(victim, 'premium');

    const outcome = await confirm(attacker, { plan: 'premium', previewId: victimsPreview.previewId });

    expect(outcome.state?.error).toBeDefined();
    for (const { subscriptionId } of [attacker, victim]) {
      const { subscription, changeInvoices } = await remote(subscriptionId);
      expect(priceOf(subscription)).toBe('basic_monthly');
      expect(changeInvoices).toHaveLength(0);
    }
    // The attempt did not use the victim's preview up either.
    expect((await confirm(victim, { plan: 'premium', previewId: victimsPreview.previewId })).redirect).toBe('/billing?changed=premium');
    expect((await remote(victim.subscriptionId)).changeInvoices).toHaveLength(1);
  });

  it('refuses a used preview id replayed: one change, one charge', async () => {
    const customer = await subscribedCustomer('replay@example.com', 'basic');
    const shown = await preview(customer, 'premium');
    expect((await confirm(customer, { plan: 'premium', previewId: shown.previewId })).redirect).toBe('/billing?changed=premium');
    // Back on Basic through the SDK (no proration), so a replay would otherwise be a valid upgrade.
    const stripe = await testStripe();
    const { subscription } = await remote(customer.subscriptionId);
    const basic = (await stripe.prices.list({ lookup_keys: ['basic_monthly'] })).data[0];
    await stripe.subscriptions.update(subscription.id, {
      items: [{ id: subscription.items.data[0]?.id, price: basic?.id }],
      proration_behavior: 'none',
    });
    await emulator.webhooks.waitForIdle();

    const replay = await confirm(customer, { plan: 'premium', previewId: shown.previewId });

    expect(replay.state?.error).toBeDefined();
    const after = await remote(customer.subscriptionId);
    expect(priceOf(after.subscription)).toBe('basic_monthly');
    expect(after.changeInvoices).toHaveLength(1);
  });

  it('two concurrent confirms of one preview change the plan once and charge once', async () => {
    const customer = await subscribedCustomer('double-submit@example.com', 'basic');
    await emulator.clock.advance(5 * DAY);
    const shown = await preview(customer, 'premium');

    const outcomes = await Promise.all([
      confirm(customer, { plan: 'premium', previewId: shown.previewId }),
      confirm(customer, { plan: 'premium', previewId: shown.previewId }),
    ]);

    expect(outcomes.filter((o) => o.redirect === '/billing?changed=premium')).toHaveLength(1);
    expect(outcomes.filter((o) => o.state?.error)).toHaveLength(1);
    const { subscription, changeInvoices } = await remote(customer.subscriptionId);
    expect(priceOf(subscription)).toBe('premium_monthly');
    expect(changeInvoices).toHaveLength(1);
    expect(changeInvoices[0]?.amount_paid).toBe(shown.amountDueNow);
  });

  it('refuses a preview older than its time limit', async () => {
    const customer = await subscribedCustomer('expired@example.com', 'basic');
    const shown = await preview(customer, 'premium');
    await getDb()
      .update(planChangePreviews)
      .set({ createdAt: sql`now() - interval '16 minutes'` })
      .where(eq(planChangePreviews.id, shown.previewId));

    const outcome = await confirm(customer, { plan: 'premium', previewId: shown.previewId });

    expect(outcome.state?.error).toBeDefined();
    const { subscription, changeInvoices } = await remote(customer.subscriptionId);
    expect(priceOf(subscription)).toBe('basic_monthly');
    expect(changeInvoices).toHaveLength(0);
  });

  it('refuses a preview when the plan was changed elsewhere in between', async () => {
    const customer = await subscribedCustomer('changed-elsewhere@example.com', 'basic');
    const shown = await preview(customer, 'premium');
    // Say, through the billing portal: Premium, without an invoice.
    const stripe = await testStripe();
    const { subscription } = await remote(customer.subscriptionId);
    const premium = (await stripe.prices.list({ lookup_keys: ['premium_monthly'] })).data[0];
    await stripe.subscriptions.update(subscription.id, {
      items: [{ id: subscription.items.data[0]?.id, price: premium?.id }],
      proration_behavior: 'none',
    });
    await emulator.webhooks.waitForIdle();

    const outcome = await confirm(customer, { plan: 'premium', previewId: shown.previewId });

    expect(outcome.state?.error).toBeDefined();
    const after = await remote(customer.subscriptionId);
    expect(priceOf(after.subscription)).toBe('premium_monthly');
    expect(after.changeInvoices).toHaveLength(0);
  });

  it('refuses a preview when the quantity was changed elsewhere in between', async () => {
    const customer = await subscribedCustomer('quantity-changed@example.com', 'basic');
    await emulator.clock.advance(10 * DAY);
    const shown = await preview(customer, 'premium');
    // Say, in the Dashboard: three seats, without an invoice. The switch would now cost three times the preview.
    const { subscription } = await remote(customer.subscriptionId);
    await (await testStripe()).subscriptions.update(subscription.id, {
      items: [{ id: subscription.items.data[0]?.id, quantity: 3 }],
      proration_behavior: 'none',
    });
    await emulator.webhooks.waitForIdle();

    const outcome = await confirm(customer, { plan: 'premium', previewId: shown.previewId });

    expect(outcome.state?.error).toBeDefined();
    const after = await remote(customer.subscriptionId);
    expect(priceOf(after.subscription)).toBe('basic_monthly');
    expect(after.changeInvoices).toHaveLength(0);
  });

  it('refuses a preview from before a renewal: its date is outside the new period', async () => {
    const customer = await subscribedCustomer('across-renewal@example.com', 'basic');
    await emulator.clock.advance(20 * DAY);
    const shown = await preview(customer, 'premium');
    const { end } = periodOf((await remote(customer.subscriptionId)).subscription);
    await emulator.clock.advance(end - emulator.clock.now() + 60);
    await emulator.webhooks.waitForIdle();

    const outcome = await confirm(customer, { plan: 'premium', previewId: shown.previewId });

    expect(outcome.state?.error).toBeDefined();
    const { subscription, changeInvoices } = await remote(customer.subscriptionId);
    expect(priceOf(subscription)).toBe('basic_monthly');
    expect(changeInvoices).toHaveLength(0);
  });

  it('refuses a preview id presented for the other plan, and a malformed one', async () => {
    const customer = await subscribedCustomer('wrong-plan@example.com', 'premium');
    const shown = await preview(customer, 'basic');
    expect((await confirm(customer, { plan: 'premium', previewId: shown.previewId })).state?.error).toBeDefined();
    expect((await confirm(customer, { plan: 'basic', previewId: "' OR 1=1 --" })).state?.fieldErrors?.previewId).toBeDefined();
    const { subscription, changeInvoices } = await remote(customer.subscriptionId);
    expect(priceOf(subscription)).toBe('premium_monthly');
    expect(changeInvoices).toHaveLength(0);
  });

  it('deletes previews older than a day when the next one is made', async () => {
    const customer = await subscribedCustomer('old-previews@example.com', 'basic');
    const old = await preview(customer, 'premium');
    await getDb()
      .update(planChangePreviews)
      .set({ createdAt: sql`now() - interval '25 hours'` })
      .where(eq(planChangePreviews.id, old.previewId));
    const fresh = await preview(customer, 'premium');
    const left = await getDb().select({ id: planChangePreviews.id }).from(planChangePreviews).where(eq(planChangePreviews.userId, customer.userId));
    expect(left.map((r) => r.id)).toEqual([fresh.previewId]);
  });
});

describe('cancel and resume', () => {
  it('keeps access until the period ends, then ends it when Stripe does', async () => {
    const userId = await createTestUser('cancel@example.com');
    await subscribe(emulator, userId, 'premium');
    await cancelAtPeriodEnd(userId);
    await emulator.webhooks.waitForIdle();

    const pending = await row(userId);
    expect(pending.cancelAtPeriodEnd).toBe(true);
    expect(pending.status).toBe('active');
    expect(await getActiveFeatures(userId)).toEqual(['basic_features', 'extended_features']);

    const periodEnd = Math.floor((pending.currentPeriodEnd?.getTime() ?? 0) / 1000);
    await emulator.clock.advance(periodEnd - emulator.clock.now() + 60);
    await emulator.webhooks.waitForIdle();

    expect((await row(userId)).status).toBe('canceled');
    expect(await getActiveFeatures(userId)).toEqual([]);
  });

  it('resumes a pending cancellation, so the subscription renews', async () => {
    const userId = await createTestUser('resume@example.com');
    await subscribe(emulator, userId, 'basic');
    await cancelAtPeriodEnd(userId);
    await resumeSubscription(userId);
    await emulator.webhooks.waitForIdle();
    const sub = await row(userId);
    expect(sub.cancelAtPeriodEnd).toBe(false);

    const periodEnd = Math.floor((sub.currentPeriodEnd?.getTime() ?? 0) / 1000);
    await emulator.clock.advance(periodEnd - emulator.clock.now() + 60);
    await emulator.webhooks.waitForIdle();
    expect((await row(userId)).status).toBe('active');
    expect(await getActiveFeatures(userId)).toEqual(['basic_features']);
  });
});

describe('failed renewal', () => {
  it('shows past_due when the renewal charge fails', async () => {
    const userId = await createTestUser('pastdue@example.com');
    await subscribe(emulator, userId, 'basic');
    const sub = await row(userId);
    const stripe = await testStripe();
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: sub.stripeCustomerId });
    await stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });

    const periodEnd = Math.floor((sub.currentPeriodEnd?.getTime() ?? 0) / 1000);
    await emulator.clock.advance(periodEnd - emulator.clock.now() + 60);
    await emulator.webhooks.waitForIdle();

    const after = await row(userId);
    expect(after.status).toBe('past_due');
    expect(after.paymentMethodLast4).toBe('0341');
  });
});

describe('payment method shown', () => {
  it("falls back to the customer's default when the subscription has none of its own", async () => {
    const userId = await createTestUser('customer-default@example.com');
    await subscribe(emulator, userId, 'basic');
    const sub = await row(userId);
    const stripe = await testStripe();
    const mastercard = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: sub.stripeCustomerId });
    await stripe.customers.update(sub.stripeCustomerId, { invoice_settings: { default_payment_method: mastercard.id } });
    await stripe.subscriptions.update(sub.id, { default_payment_method: '' });
    await emulator.webhooks.waitForIdle();

    expect(await row(userId)).toMatchObject({ paymentMethodBrand: 'mastercard', paymentMethodLast4: '4444' });
  });
});
