import 'server-only';
import { eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { getDb } from '@/db/client';
import { billingCustomers, users } from '@/db/schema';
import { stripe } from '@/lib/stripe/client';

export async function findStripeCustomerId(userId: string): Promise<string | undefined> {
  const row = await getDb().query.billingCustomers.findFirst({
    where: eq(billingCustomers.userId, userId),
    columns: { stripeCustomerId: true },
  });
  return row?.stripeCustomerId;
}

/**
 * The user's one Stripe customer, created on first need. Two requests at once cannot make two:
 * Stripe replays the create for the same idempotency key, and the table's unique keys keep one row.
 */
export async function ensureStripeCustomer(userId: string): Promise<string> {
  const existing = await findStripeCustomerId(userId);
  if (existing) return existing;

  const user = await getDb().query.users.findFirst({
    where: eq(users.id, userId),
    columns: { id: true, email: true, name: true },
  });
  if (!user) throw new Error(`no user ${userId}`);

  const customer = await stripe().customers.create(
    { email: user.email ?? undefined, name: user.name ?? undefined, metadata: { userId: user.id } },
    { idempotencyKey: `entitle-customer-${user.id}` },
  );
  await getDb().insert(billingCustomers).values({ userId, stripeCustomerId: customer.id }).onConflictDoNothing();
  const stored = await findStripeCustomerId(userId);
  if (!stored) throw new Error(`could not record the Stripe customer of ${userId}`);
  return stored;
}

/** Whose customer this is: from our table, else from the `userId` Stripe keeps in its metadata. */
export async function findUserIdForCustomer(stripeCustomerId: string): Promise<string | undefined> {
  const row = await getDb().query.billingCustomers.findFirst({
    where: eq(billingCustomers.stripeCustomerId, stripeCustomerId),
    columns: { userId: true },
  });
  if (row) return row.userId;

  const customer = await stripe().customers.retrieve(stripeCustomerId);
  const userId = customer.deleted ? undefined : customer.metadata.userId;
  if (!userId) return undefined;
  const user = await getDb().query.users.findFirst({ where: eq(users.id, userId), columns: { id: true } });
  if (!user) return undefined;
  await getDb().insert(billingCustomers).values({ userId, stripeCustomerId }).onConflictDoNothing();
  return (await getDb().query.billingCustomers.findFirst({
    where: eq(billingCustomers.stripeCustomerId, stripeCustomerId),
    columns: { userId: true },
  }))?.userId;
}

/** Stripe's answer for an id it does not have: 404 for the object asked for, 400 for an id passed as a parameter. */
export function isResourceMissing(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing';
}

export type CustomerPresence = 'present' | 'deleted' | 'missing';

/**
 * Whether Stripe still has this customer: `deleted` (Stripe keeps the id and says so), `missing`
 * (Stripe never had it, or its test data was wiped) or `present`. Anything else (network, rate
 * limit, Stripe's own 5xx) throws: a customer counts as gone only on Stripe's word.
 */
export async function stripeCustomerPresence(stripeCustomerId: string): Promise<CustomerPresence> {
  try {
    const customer = await stripe().customers.retrieve(stripeCustomerId);
    return customer.deleted ? 'deleted' : 'present';
  } catch (error) {
    if (isResourceMissing(error)) return 'missing';
    throw error;
  }
}

/**
 * Called when a user signs up (by password or OAuth): gives them their Stripe customer at once.
 * Sign-up must not fail because Stripe is briefly unreachable, so a failure is only logged;
 * `ensureStripeCustomer` runs again before the first checkout.
 */
export async function createCustomerAtSignUp(userId: string): Promise<void> {
  try {
    await ensureStripeCustomer(userId);
  } catch (error) {
    console.error(`[entitle] could not create the Stripe customer of ${userId} at sign-up; will retry at checkout`, error);
  }
}

/**
 * The Stripe customer's email follows the account's (after a confirmed change): Stripe mails
 * receipts and failed-payment notices there. A user without a customer yet has nothing to update;
 * the customer is made later from the current address.
 */
export async function updateStripeCustomerEmail(userId: string, email: string): Promise<void> {
  const customerId = await findStripeCustomerId(userId);
  if (!customerId) return;
  try {
    await stripe().customers.update(customerId, { email });
  } catch (error) {
    // Stripe deleted it meanwhile: nothing left to keep in step.
    if (!isResourceMissing(error)) throw error;
  }
}

/**
 * Deletes the user's Stripe customer, as Stripe recommends for a closed account: Stripe cancels
 * its subscriptions at once (no proration, no refund of the period's rest), stops charging it and
 * keeps its invoices for the books. Open checkout sessions are expired first, so a checkout page
 * left open in another tab cannot start a new subscription for an account that is gone. A
 * customer Stripe no longer has counts as deleted, so a retry after a failure goes through.
 */
export async function deleteStripeCustomer(stripeCustomerId: string): Promise<void> {
  const client = stripe();
  try {
    const open = await client.checkout.sessions.list({ customer: stripeCustomerId, status: 'open', limit: 100 });
    for (const session of open.data) {
      try {
        await client.checkout.sessions.expire(session.id);
      } catch (error) {
        // Completed or expired in the meantime: the customer's deletion below cancels what it made.
        if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
      }
    }
    await client.customers.del(stripeCustomerId);
  } catch (error) {
    if (!isResourceMissing(error)) throw error;
  }
}
