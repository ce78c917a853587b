import 'server-only';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { billingNotices, type BillingNoticeRow } from '@/db/schema';
import { BillingError } from './billing-error';

export type BillingNotice = Pick<BillingNoticeRow, 'id' | 'kind' | 'subscriptionId' | 'amount' | 'currency' | 'createdAt'>;

/** What happened to the user's billing behind their back and that they have not dismissed yet. */
export async function listOpenBillingNotices(userId: string): Promise<BillingNotice[]> {
  return getDb()
    .select({
      id: billingNotices.id,
      kind: billingNotices.kind,
      subscriptionId: billingNotices.subscriptionId,
      amount: billingNotices.amount,
      currency: billingNotices.currency,
      createdAt: billingNotices.createdAt,
    })
    .from(billingNotices)
    .where(and(eq(billingNotices.userId, userId), isNull(billingNotices.dismissedAt)))
    .orderBy(desc(billingNotices.createdAt));
}

/**
 * Dismisses one of the user's own notices. Someone else's id, or one already dismissed, matches
 * no row and reads as "does not exist", so ids tell nothing about other people's notices.
 */
export async function dismissBillingNotice(userId: string, noticeId: string): Promise<void> {
  const dismissed = await getDb()
    .update(billingNotices)
    .set({ dismissedAt: new Date() })
    .where(and(eq(billingNotices.id, noticeId), eq(billingNotices.userId, userId), isNull(billingNotices.dismissedAt)))
    .returning({ id: billingNotices.id });
  if (dismissed.length === 0) throw new BillingError({ key: 'noticeMissing' });
}
