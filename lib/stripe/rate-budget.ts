import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import { getDb, type Database } from '@/db/client';
import { rateLimits } from '@/db/schema';

/**
 * Every Stripe request this app makes, on every server instance, spends from one budget
 * kept in Postgres (`rate_limit`, rate-limiter-flexible's Drizzle store: one atomic
 * upsert per request), so a hundred serverless instances together stay under Stripe's limit
 * (100/s live, 25/s test) instead of each believing it has all of it.
 *
 * - Headroom: we spend at most 80% of Stripe's limit; Stripe counts per endpoint too, and the
 *   Dashboard, Stripe CLI or another service may share the key.
 * - Interactive calls (checkout, portal, plan change, the return page: a person is waiting) are
 *   never starved: background work (webhook syncs, reconciliation, resync) may use at most 70%
 *   of the budget, so at least 30% is always left for people, and people may use all of it.
 * - Over budget, a call waits for the next window (with jitter, so waiting instances do not all
 *   wake in the same millisecond) rather than failing: the budget is a queue, not an error.
 *
 * Work is background when it runs inside `asBackgroundStripeWork`; everything else counts as
 * interactive. With no limit configured (the emulator by default) nothing is counted.
 */

export type StripeWorkKind = 'interactive' | 'background';

const HEADROOM = 0.8;
const BACKGROUND_SHARE = 0.7;
/**
 * Stripe counts requests over a sliding second. Counting ours in fixed one-second windows would
 * let twice the budget through around a window's end (all of one window's at its end, all of the
 * next one's at its start); in windows of 200 ms a sliding second overlaps at most six of them:
 * 6/5 of 80%, 96% of the limit at the very worst.
 */
const WINDOWS_PER_SECOND = 5;

const kinds = new AsyncLocalStorage<StripeWorkKind>();

/** Runs `work` with its Stripe calls counted as background work. */
export function asBackgroundStripeWork<T>(work: () => Promise<T>): Promise<T> {
  return kinds.run('background', work);
}

export function currentStripeWorkKind(): StripeWorkKind {
  return kinds.getStore() ?? 'interactive';
}

/** Requests per window of `windowSeconds`: in all, and for background work. */
export type BudgetSizes = { windowSeconds: number; total: number; background: number };

export function budgetSizes(stripeLimitPerSecond: number): BudgetSizes {
  const total = Math.max(1, Math.floor((stripeLimitPerSecond * HEADROOM) / WINDOWS_PER_SECOND));
  return { windowSeconds: 1 / WINDOWS_PER_SECOND, total, background: Math.max(1, Math.floor(total * BACKGROUND_SHARE)) };
}

type Limiters = { total: RateLimiterDrizzle; background: RateLimiterDrizzle };

// One pair per database (tests open several) and size.
const limiters = new WeakMap<Database, Map<number, Limiters>>();

function limitersFor(stripeLimitPerSecond: number): Limiters {
  const db = getDb();
  let forDb = limiters.get(db);
  if (!forDb) limiters.set(db, (forDb = new Map()));
  let pair = forDb.get(stripeLimitPerSecond);
  if (!pair) {
    const sizes = budgetSizes(stripeLimitPerSecond);
    const make = (keyPrefix: string, points: number) =>
      new RateLimiterDrizzle({ storeClient: db, schema: rateLimits, keyPrefix, points, duration: sizes.windowSeconds });
    pair = { total: make('stripe-requests', sizes.total), background: make('stripe-background-requests', sizes.background) };
    forDb.set(stripeLimitPerSecond, pair);
  }
  return pair;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until this instance may send one Stripe request of the current kind. Background work
 * takes from its own share first and then from the total; interactive work only from the total.
 */
export function takeStripeBudget(stripeLimitPerSecond: number | null, kind: StripeWorkKind = currentStripeWorkKind()): Promise<void> {
  if (stripeLimitPerSecond === null) return Promise.resolve();
  const { total, background } = limitersFor(stripeLimitPerSecond);
  // Within one process the callers of a kind queue in memory, first come first served, and only
  // the head of the queue asks Postgres: a thousand waiting calls do not poll the database a
  // thousand times per window. The counting itself stays in Postgres, shared by every instance;
  // interactive calls have a queue of their own, so they never wait behind background work.
  const turn = queues[kind].then(async () => {
    if (kind === 'background') await consumeOrWait(background);
    await consumeOrWait(total);
  });
  queues[kind] = turn.catch(() => undefined);
  return turn;
}

const queues: Record<StripeWorkKind, Promise<void>> = { interactive: Promise.resolve(), background: Promise.resolve() };

async function consumeOrWait(limiter: RateLimiterDrizzle): Promise<void> {
  for (;;) {
    try {
      await limiter.consume('account');
      return;
    } catch (error) {
      // Over the limit rejects with a RateLimiterRes; a database failure with an Error, which
      // must not read as "go ahead".
      if (!(error instanceof RateLimiterRes)) throw error;
      await sleep(error.msBeforeNext + Math.random() * 50);
    }
  }
}
