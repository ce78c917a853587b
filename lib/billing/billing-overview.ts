import 'server-only';
import type { SubscriptionRow } from '@/db/schema';
import { stripe } from '@/lib/stripe/client';
import { listOpenBillingNotices, type BillingNotice } from './billing-notices';
import { findStripeCustomerId } from './customers';
import { getActiveFeatures } from './features';
import { planByLookupKey, type PlanDefinition } from './plans';
import { getCurrentSubscription } from './subscriptions';

export type InvoiceSummary = {
  id: string;
  number: string | null;
  created: number;
  amount: number;
  currency: string;
  status: string | null;
  url: string | null;
};

export type BillingOverview = {
  subscription: SubscriptionRow | undefined;
  plan: PlanDefinition | undefined;
  features: string[];
  invoices: InvoiceSummary[];
  /** Things done to the user's billing that they should hear about (a duplicate refunded). */
  notices: BillingNotice[];
};

/** What the billing page shows: our synced copy for the subscription, Stripe itself for invoices. */
export async function getBillingOverview(userId: string): Promise<BillingOverview> {
  const [subscription, features, customerId, notices] = await Promise.all([
    getCurrentSubscription(userId),
    getActiveFeatures(userId),
    findStripeCustomerId(userId),
    listOpenBillingNotices(userId),
  ]);
  const invoices = customerId ? await listInvoices(customerId) : [];
  return { subscription, plan: planByLookupKey(subscription?.priceLookupKey), features, invoices, notices };
}

async function listInvoices(customerId: string): Promise<InvoiceSummary[]> {
  const list = await stripe().invoices.list({ customer: customerId, limit: 12 });
  return list.data
    .filter((invoice) => invoice.status !== 'draft')
    .map((invoice) => ({
      id: invoice.id ?? '',
      number: invoice.number,
      created: invoice.created,
      amount: invoice.status === 'paid' ? invoice.amount_paid : invoice.amount_due,
      currency: invoice.currency,
      status: invoice.status,
      url: invoice.hosted_invoice_url ?? null,
    }));
}
