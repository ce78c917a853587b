import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { withCheckoutLease } from '@/lib/billing/checkout-lease';
import { deleteStripeCustomer, findStripeCustomerId } from '@/lib/billing/customers';
import { rememberFeatures } from '@/lib/entitlements/entitlement-cache';
import { forgetUserSessions } from './sessions';

/**
 * Deletes an account for good. In this order, so that a failure part-way leaves something a retry
 * finishes rather than a user still billed for an account that is gone:
 *
 * 1. Under the user's checkout lease, so no checkout of theirs starts meanwhile, Stripe's
 *    customer is deleted: its open checkouts expired, its subscriptions canceled at once by Stripe
 *    (the rest of the period is not refunded; /account says so before the click).
 * 2. The user's row is deleted; every row of theirs goes with it by foreign-key cascade: sessions
 *    (signed out everywhere), link tokens (an old verify, change or delete link finds nothing),
 *    the billing copy, notices, previews, locks and lifecycle-mail markers.
 *
 * Webhooks about the deleted customer that arrive afterwards find no user: the sync links a
 * customer to a user only through our table or a user that still exists (findUserIdForCustomer),
 * so nothing is written again.
 */
export async function deleteAccount(userId: string): Promise<void> {
  await withCheckoutLease(userId, async () => {
    const customerId = await findStripeCustomerId(userId);
    if (customerId) await deleteStripeCustomer(customerId);
    await getDb().delete(users).where(eq(users.id, userId));
  });
  forgetUserSessions(userId);
  rememberFeatures(userId, []);
}
