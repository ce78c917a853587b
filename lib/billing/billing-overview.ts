import 'server-only';
import { and, desc, eq, isNull, ne, or } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { invoices, type SubscriptionRow } from '@/db/schema';
import { getActiveFeatures } from '@/lib/entitlements/features';
import { listOpenBillingNotices, type BillingNotice } from './billing-notices';
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

/**
 * What the billing page shows, all from our synced copy: no Stripe request per page view. The
 * invoices are the ones the sync stored from invoice events and full reads (sync-customer.ts).
 */
export async function getBillingOverview(userId: string): Promise<BillingOverview> {
  const [subscription, features, invoiceList, notices] = await Promise.all([
    getCurrentSubscription(userId),
    getActiveFeatures(userId),
    listInvoices(userId),
    listOpenBillingNotices(userId),
  ]);
  return { subscription, plan: planByLookupKey(subscription?.priceLookupKey), features, invoices: invoiceList, notices };
}

const INVOICES_SHOWN = 12;

/** The user's own latest invoices: the rows are selected by the signed-in user's id, never by an id from the request. */
export async function listInvoices(userId: string): Promise<InvoiceSummary[]> {
  const rows = await getDb()
    .select()
    .from(invoices)
    // Drafts are not bills yet (Stripe does not show them to customers either).
    .where(and(eq(invoices.userId, userId), or(isNull(invoices.status), ne(invoices.status, 'draft'))))
    .orderBy(desc(invoices.createdAt), desc(invoices.id))
    .limit(INVOICES_SHOWN);
  return rows.map((invoice) => ({
    id: invoice.id,
    number: invoice.number,
    created: Math.floor(invoice.createdAt.getTime() / 1000),
    amount: invoice.status === 'paid' ? invoice.amountPaid : invoice.amountDue,
    currency: invoice.currency,
    status: invoice.status,
    url: invoice.hostedInvoiceUrl,
  }));
}
