import 'server-only';
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { getDb, preparedStatements } from '@/db/client';
import { stripeEvents } from '@/db/schema';

// The webhook inbox: `stripe_event` holds every verified event until it is processed. The route
// stores an event and answers; processing happens later (after the response, or in the sweeper)
// under a lease, so an instance that dies mid-way loses nothing: its lease runs out and the
// sweeper takes the event again. Every write is one statement, outside any transaction that
// waits on Stripe, so it works through a transaction-mode pooler.

/**
 * How long an attempt owns an event. Longer than any function that processes events may run
 * (the webhook and cron routes' `maxDuration` is 60 s), so a live attempt is never raced by the
 * sweeper; an attempt that died is retried once this has passed.
 */
export const EVENT_LEASE_MS = 5 * 60_000;
/** The first retry waits about this long, each later one twice as long as the one before... */
const BACKOFF_BASE_MS = 30_000;
/** ...up to an hour. Stripe itself retries for three days; so does the sweeper, and beyond. */
const BACKOFF_CAP_MS = 60 * 60_000;

/**
 * How long a processed event stays in the inbox. Stripe retries a delivery for three days and
 * lists events for thirty; a copy that arrives later still syncs correctly (every write compares
 * versions, lib/billing/sync/versions.ts), it just runs once more. Without a limit the payloads
 * would grow the database by every event, forever.
 */
export const EVENT_RETENTION_DAYS = 30;

/** Why an event was acknowledged without a sync, kept in `stripe_event.skipped_reason`. */
export type SkipReason = 'unhandled_event_type' | 'customer_not_ours' | 'customer_deleted' | 'customer_missing' | 'event_unavailable';

/** An event this attempt owns until its lease runs out. `payload` is null only for rows from before the inbox. */
export type ClaimedEvent = { id: string; attempts: number; payload: Stripe.Event | null };

const leaseEnd = sql`now() + ${sql.raw(String(EVENT_LEASE_MS))} * interval '1 millisecond'`;
// Free to take: not processed, and no attempt holds it (its lease or backoff has passed).
const takeable = and(isNull(stripeEvents.processedAt), lte(stripeEvents.nextAttemptAt, sql`now()`));

const statements = preparedStatements((db) => ({
  // Stores the event already claimed by the attempt the route starts after answering. A copy of
  // an event already stored (Stripe delivers at least once) is claimed only when it is neither
  // processed nor held by another attempt; it also fills in the payload of a row from before the
  // inbox, which Stripe was still retrying.
  store: db
    .insert(stripeEvents)
    .values({
      id: sql.placeholder('id'),
      type: sql.placeholder('type'),
      created: sql.placeholder('created'),
      payload: sql.placeholder('payload'),
      attempts: 1,
      nextAttemptAt: leaseEnd,
    })
    .onConflictDoUpdate({
      target: stripeEvents.id,
      set: {
        attempts: sql`${stripeEvents.attempts} + 1`,
        nextAttemptAt: leaseEnd,
        payload: sql`coalesce(${stripeEvents.payload}, excluded.payload)`,
      },
      setWhere: takeable,
    })
    .returning({ attempts: stripeEvents.attempts })
    .prepare('store_stripe_event'),
  // Rows that another sweeper has locked are skipped, not waited for: each row goes to one
  // claimer, and the lease written here keeps it theirs after the statement's lock is gone.
  claim: db
    .update(stripeEvents)
    .set({ attempts: sql`${stripeEvents.attempts} + 1`, nextAttemptAt: leaseEnd })
    .where(
      inArray(
        stripeEvents.id,
        db
          .select({ id: stripeEvents.id })
          .from(stripeEvents)
          .where(takeable)
          .orderBy(asc(stripeEvents.nextAttemptAt))
          .limit(sql.placeholder('limit'))
          .for('update', { skipLocked: true }),
      ),
    )
    .returning({ id: stripeEvents.id, attempts: stripeEvents.attempts, payload: stripeEvents.payload })
    .prepare('claim_stripe_events'),
  finish: db
    .update(stripeEvents)
    .set({ processedAt: sql`now()`, skippedReason: sql`${sql.placeholder('reason')}`, lastError: null })
    .where(eq(stripeEvents.id, sql.placeholder('id')))
    .prepare('finish_stripe_event'),
  // Only while this attempt is still the latest one: a stale attempt must not move a newer one's lease.
  fail: db
    .update(stripeEvents)
    .set({
      lastError: sql`${sql.placeholder('error')}`,
      nextAttemptAt: sql`now() + ${sql.placeholder('delayMs')} * interval '1 millisecond'`,
    })
    .where(and(eq(stripeEvents.id, sql.placeholder('id')), isNull(stripeEvents.processedAt), eq(stripeEvents.attempts, sql.placeholder('attempts'))))
    .prepare('fail_stripe_event'),
}));

/**
 * Stores a verified event in one statement. Returns the attempt number when this call claimed it
 * (a new event, or a copy of one no attempt holds), or null when it is processed already or another
 * attempt holds it: either way there is nothing more for this delivery to do.
 */
export async function storeStripeEvent(event: Stripe.Event): Promise<number | null> {
  const [stored] = await statements().store.execute({ id: event.id, type: event.type, created: new Date(event.created * 1000), payload: event });
  return stored?.attempts ?? null;
}

/** Claims up to `limit` events that are due, oldest due first, leasing each to the caller. */
export async function claimStripeEvents(limit: number): Promise<ClaimedEvent[]> {
  return statements().claim.execute({ limit });
}

/** Marks an event done without a sync, and why. (A sync marks its events itself, with its rows.) */
export async function finishStripeEvent(id: string, reason: SkipReason): Promise<void> {
  await statements().finish.execute({ id, reason });
}

/** Records a failed attempt and when the sweeper may try again: exponential, capped, jittered. */
export async function failStripeEvent(id: string, attempts: number, error: unknown): Promise<void> {
  await statements().fail.execute({ id, attempts, error: describeError(error), delayMs: retryDelayMs(attempts) });
}

/**
 * Deletes up to `limit` events processed more than EVENT_RETENTION_DAYS ago and returns how many;
 * run by the cron route. Bounded, so one run stays short whatever has piled up; the next takes the rest.
 */
export async function pruneStripeEvents(limit = 5_000): Promise<number> {
  const old = sql`${stripeEvents.processedAt} < now() - ${sql.raw(String(EVENT_RETENTION_DAYS))} * interval '1 day'`;
  const deleted = await getDb()
    .delete(stripeEvents)
    .where(inArray(stripeEvents.id, getDb().select({ id: stripeEvents.id }).from(stripeEvents).where(old).limit(limit)))
    .returning({ id: stripeEvents.id });
  return deleted.length;
}

/** The error and its causes, each cut short: drizzle's own message is the whole failed query. */
function describeError(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error; current !== undefined && parts.length < 4; current = current instanceof Error ? current.cause : undefined) {
    const text = current instanceof Error ? `${current.name}: ${current.message}` : String(current);
    parts.push(text.length > 300 ? `${text.slice(0, 300)}…` : text);
  }
  return parts.join(' ← caused by ');
}

/**
 * The wait after the `attempts`-th failure: half of it fixed, half random, so that events that
 * failed together (Stripe down for a minute) do not all come back in the same second.
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, Math.min(attempts - 1, 20)));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
