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
 * - Per endpoint too: Stripe also limits each endpoint (method and route, ids aside: see
 *   endpoint.ts) to 25 requests per second, in live and test mode alike, whatever is left of
 *   the account's 100. A renewal storm reads the same two list endpoints for every customer, so
 *   this is the limit it meets first; each endpoint has its own counters beside the account's,
 *   in the same table, shared by every instance the same way.
 * - Headroom: we spend at most 80% of Stripe's limits; the Dashboard, Stripe CLI or another
 *   service may share the key.
 * - Interactive calls (checkout, portal, plan change, the return page: a person is waiting) are
 *   never starved: background work (webhook syncs, reconciliation, resync) may use at most 70%
 *   of the budget, so at least 30% is always left for people, and people may use all of it.
 * - Over budget, a call waits for the next window (with jitter, so waiting instances do not all
 *   wake in the same millisecond) rather than failing: the budget is a queue, not an error.
 *
 * Work is background when it runs inside `asBackgroundStripeWork`; everything else counts as
 * interactive. With no limit configured (the emulator by default) nothing is counted.
 */

type StripeWorkKind = 'interactive' | 'background';

const HEADROOM = 0.8;
/** Stripe's per-endpoint limit (its rate-limit docs: "25 requests per second" for most endpoints). */
const STRIPE_ENDPOINT_LIMIT_PER_SECOND = 25;
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

function currentStripeWorkKind(): StripeWorkKind {
  return kinds.getStore() ?? 'interactive';
}

/** Requests per window of `windowSeconds`: in all, and for background work. */
type BudgetSizes = { windowSeconds: number; total: number; background: number };

export function budgetSizes(stripeLimitPerSecond: number): BudgetSizes {
  const total = Math.max(1, Math.floor((stripeLimitPerSecond * HEADROOM) / WINDOWS_PER_SECOND));
  return { windowSeconds: 1 / WINDOWS_PER_SECOND, total, background: Math.max(1, Math.floor(total * BACKGROUND_SHARE)) };
}

/**
 * One endpoint's budget per window. Its total is small (4 per 200 ms of Stripe's 25/s), where
 * 70% rounded down would leave background work half of it; background work may take all but one,
 * so a person's call always finds one per window (5/s on that endpoint) and storms keep 3/4.
 */
export function endpointBudgetSizes(): BudgetSizes {
  const { windowSeconds, total } = budgetSizes(STRIPE_ENDPOINT_LIMIT_PER_SECOND);
  return { windowSeconds, total, background: Math.max(1, total - 1) };
}

type Limiters = { total: RateLimiterDrizzle; background: RateLimiterDrizzle };

// One pair per database (tests open several) and size: the account's, and the endpoints' (whose
// counters are keyed by endpoint within one pair).
const limiters = new WeakMap<Database, Map<string, Limiters>>();

function limitersFor(scope: 'account' | 'endpoint', stripeLimitPerSecond: number): Limiters {
  const db = getDb();
  let forDb = limiters.get(db);
  if (!forDb) limiters.set(db, (forDb = new Map()));
  let pair = forDb.get(`${scope} ${stripeLimitPerSecond}`);
  if (!pair) {
    const sizes = scope === 'account' ? budgetSizes(stripeLimitPerSecond) : endpointBudgetSizes();
    const prefix = scope === 'account' ? 'stripe' : 'stripe-endpoint';
    const make = (keyPrefix: string, points: number) =>
      new RateLimiterDrizzle({ storeClient: db, schema: rateLimits, keyPrefix, points, duration: sizes.windowSeconds });
    pair = { total: make(`${prefix}-requests`, sizes.total), background: make(`${prefix}-background-requests`, sizes.background) };
    forDb.set(`${scope} ${stripeLimitPerSecond}`, pair);
  }
  return pair;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type BudgetRequest = {
  /** The request's endpoint (endpoint.ts); without one only the account-wide budget is taken. */
  endpoint?: string;
  kind?: StripeWorkKind;
};

/**
 * Waits until this instance may send one Stripe request of the current kind to `endpoint`.
 * Background work takes from its own share first and then from the total; interactive work only
 * from the total. The endpoint's budget is taken before the account's: it is the scarcer one in a
 * storm, and a request waiting for it then does not hold an account point other endpoints could use.
 */
export function takeStripeBudget(stripeLimitPerSecond: number | null, { endpoint, kind = currentStripeWorkKind() }: BudgetRequest = {}): Promise<void> {
  if (stripeLimitPerSecond === null) return Promise.resolve();
  const account = limitersFor('account', stripeLimitPerSecond);
  const perEndpoint = endpoint === undefined ? null : limitersFor('endpoint', stripeLimitPerSecond);
  // Within one process the callers of a kind and endpoint queue in memory, first come first
  // served, and only the head of the queue asks Postgres: a thousand waiting calls do not poll the
  // database a thousand times per window. The counting itself stays in Postgres, shared by every
  // instance. Interactive calls have queues of their own, so they never wait behind background
  // work, and each endpoint has its own, so a call to an endpoint with budget left does not wait
  // behind calls to one without.
  const queue = `${kind} ${endpoint ?? ''}`;
  const turn = (queues.get(queue) ?? Promise.resolve()).then(async () => {
    if (perEndpoint && endpoint !== undefined) {
      if (kind === 'background') await consumeOrWait(perEndpoint.background, endpoint);
      await consumeOrWait(perEndpoint.total, endpoint);
    }
    if (kind === 'background') await consumeOrWait(account.background, 'account');
    await consumeOrWait(account.total, 'account');
  });
  const settled = turn.catch(() => undefined);
  queues.set(queue, settled);
  // An idle queue is forgotten, so endpoints seen once do not accumulate.
  void settled.then(() => {
    if (queues.get(queue) === settled) queues.delete(queue);
  });
  return turn;
}

const queues = new Map<string, Promise<unknown>>();

async function consumeOrWait(limiter: RateLimiterDrizzle, key: string): Promise<void> {
  for (;;) {
    try {
      await limiter.consume(key);
      return;
    } catch (error) {
      // Over the limit rejects with a RateLimiterRes; a database failure with an Error, which
      // must not read as "go ahead".
      if (!(error instanceof RateLimiterRes)) throw error;
      await sleep(error.msBeforeNext + Math.random() * 50);
    }
  }
}
