import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { checkoutLocks } from '@/db/schema';
import { BillingError } from './billing-error';

/**
 * Long enough for the few Stripe calls a checkout start makes; short enough that a lease left by
 * an instance that died mid-way stops blocking the user soon.
 */
const LEASE_SECONDS = 30;
/** How long a second request waits for the first one before telling the user to try again. */
const WAIT_MS = 8_000;
const POLL_MS = 100;

// A constant, so it can sit in the SQL text; the database's clock is the one every instance shares.
const leaseEnd = sql`now() + ${sql.raw(`interval '${LEASE_SECONDS} seconds'`)}`;

/** One statement: a new row, or the row of a lease that has run out; nothing while someone else holds it. */
async function takeLease(userId: string, holder: string): Promise<boolean> {
  const [row] = await getDb()
    .insert(checkoutLocks)
    .values({ userId, holder, expiresAt: leaseEnd })
    .onConflictDoUpdate({ target: checkoutLocks.userId, set: { holder, expiresAt: leaseEnd }, setWhere: sql`${checkoutLocks.expiresAt} < now()` })
    .returning({ holder: checkoutLocks.holder });
  return row?.holder === holder;
}

async function releaseLease(userId: string, holder: string): Promise<void> {
  try {
    await getDb()
      .delete(checkoutLocks)
      .where(and(eq(checkoutLocks.userId, userId), eq(checkoutLocks.holder, holder)));
  } catch (error) {
    // The lease runs out by itself; failing the checkout that was just started would be worse.
    console.error(`[entitle] could not release the checkout lease of ${userId}`, error);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` while holding the user's checkout lease, so that two requests of one user (a double
 * click, two tabs, two server instances) start checkouts one after the other and the second sees
 * what the first did. Other users are not held up. No database connection or transaction is held
 * while waiting or while `work` talks to Stripe: the lease is a row, taken and given back by
 * single statements.
 */
export async function withCheckoutLease<T>(userId: string, work: () => Promise<T>): Promise<T> {
  const holder = randomUUID();
  const deadline = Date.now() + WAIT_MS;
  while (!(await takeLease(userId, holder))) {
    if (Date.now() >= deadline) throw new BillingError({ key: 'checkoutBusy' });
    // Jittered, so waiters that woke together do not all ask again at the same instant.
    await sleep(POLL_MS + Math.floor(Math.random() * POLL_MS));
  }
  try {
    return await work();
  } finally {
    await releaseLease(userId, holder);
  }
}
