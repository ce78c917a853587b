// Webhook deliveries as Stripe makes them: the events an endpoint subscribed to the handled types
// would get, an order close to Stripe's (or shuffled), a share of duplicates, each signed with
// the endpoint's secret and posted over node:http. Shared by both bench:webhooks scenarios.
import { Agent, request } from 'node:http';
import type Stripe from 'stripe';

/** Runs `work` over `items`, at most `limit` at a time. */
export async function pool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as T, index);
      }
    }),
  );
  return results;
}

/** Every event since `since` (unix seconds; all when omitted) that an endpoint subscribed to the handled types gets, oldest first. */
export async function handledEvents(stripe: Stripe, since?: number): Promise<Stripe.Event[]> {
  const { HANDLED_EVENT_TYPES } = await import('@/lib/billing/sync/handled-events');
  const handled = new Set<string>(HANDLED_EVENT_TYPES);
  const events: Stripe.Event[] = [];
  // A real endpoint is subscribed to the handled types only; Stripe sends it nothing else.
  // Newest first, stopping at `since` here: the emulator refuses a `created[gte]` filter.
  await stripe.events.list({ limit: 100 }).autoPagingEach((event) => {
    if (since !== undefined && event.created < since) return false;
    if (handled.has(event.type)) events.push(event);
    return undefined;
  });
  return events.reverse();
}

export function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

export type DeliveryOrder = 'stripe' | 'shuffled';

export function orderArg(argv = process.argv): DeliveryOrder {
  const order = argv.find((a) => a.startsWith('--order='))?.slice('--order='.length) ?? 'stripe';
  if (order !== 'stripe' && order !== 'shuffled') throw new Error('--order must be stripe or shuffled');
  return order;
}

/**
 * Events (oldest first) with `duplicateShare` of them duplicated, in the order they are posted:
 * roughly as Stripe sends (in the order things happened, each event moved by up to `spread`
 * places, each duplicate a retry some way after its original), or uniformly shuffled.
 */
export function deliveryOrder(
  events: readonly Stripe.Event[],
  { order, duplicateShare, spread }: { order: DeliveryOrder; duplicateShare: number; spread: number },
): { posts: Stripe.Event[]; duplicates: number } {
  const duplicated = shuffle(events.map((_, i) => i)).slice(0, Math.round(events.length * duplicateShare));
  if (order === 'shuffled') return { posts: shuffle([...events, ...duplicated.map((i) => events[i] as Stripe.Event)]), duplicates: duplicated.length };
  const keyed = events.map((event, i) => ({ event, key: i + Math.random() * spread }));
  for (const i of duplicated) keyed.push({ event: events[i] as Stripe.Event, key: i + spread + Math.random() * 10 * spread });
  return { posts: keyed.sort((a, b) => a.key - b.key).map((k) => k.event), duplicates: duplicated.length };
}

export type Delivery = { payload: string; signature: string };

/** The body Stripe posts and its `Stripe-Signature`, timestamped now. */
export function signDelivery(stripe: Stripe, secret: string, event: Stripe.Event, payload = JSON.stringify(event)): Delivery {
  return { payload, signature: stripe.webhooks.generateTestHeaderString({ payload, secret }) };
}

export type Answer = { status: number; ms: number };

/**
 * A poster over node:http with a keep-alive pool rather than fetch: the poster shares the two
 * cores with the server, and undici's fetch costs it about twice the CPU per request on Node 20.
 */
export function createPoster(maxSockets: number): (url: string, delivery: Delivery) => Promise<Answer> {
  const agent = new Agent({ keepAlive: true, maxSockets });
  return (url, delivery) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const body = Buffer.from(delivery.payload);
      const req = request(url, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': body.length, 'stripe-signature': delivery.signature },
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      });
      req.on('error', reject);
      req.end(body);
    });
}

export type DeliveryTally = {
  /** 2xx answers (each event's first, and any duplicate's). */
  acknowledged: number;
  /** Answers other than 2xx, each followed by a retry, by status (0: the connection failed). */
  refused: Map<number, number>;
  /** Events given up on after `maxAttempts` refusals. */
  abandoned: number;
  /** Milliseconds from the first post to the last answer. */
  elapsedMs: number;
  /** Latency of each acknowledged post. */
  latencies: number[];
};

/**
 * Posts `events` in the order given, `concurrency` at a time, as Stripe's delivery does: each
 * attempt signed when it is sent, and an answer other than 2xx retried with a growing delay
 * (Stripe's waits of minutes to hours, scaled down to `firstRetryMs` doubling up to 30 s; after
 * `maxAttempts` the event is abandoned, as Stripe gives up after three days).
 */
export async function deliverLikeStripe(
  url: string,
  events: readonly Stripe.Event[],
  sign: (event: Stripe.Event) => Delivery,
  { concurrency, firstRetryMs = 1000, maxAttempts = 8 }: { concurrency: number; firstRetryMs?: number; maxAttempts?: number },
): Promise<DeliveryTally> {
  const post = createPoster(concurrency);
  const tally: DeliveryTally = { acknowledged: 0, refused: new Map(), abandoned: 0, elapsedMs: 0, latencies: [] };
  type Retry = { event: Stripe.Event; attempt: number; due: number };
  const retries: Retry[] = [];
  let next = 0;
  let inFlight = 0;
  const started = performance.now();

  const take = (): { event: Stripe.Event; attempt: number } | 'wait' | 'done' => {
    const now = performance.now();
    const due = retries.findIndex((r) => r.due <= now);
    if (due >= 0) return retries.splice(due, 1)[0] ?? 'wait';
    if (next < events.length) return { event: events[next++] as Stripe.Event, attempt: 1 };
    return retries.length > 0 || inFlight > 0 ? 'wait' : 'done';
  };

  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const job = take();
        if (job === 'done') return;
        if (job === 'wait') {
          await new Promise((resolve) => setTimeout(resolve, 20));
          continue;
        }
        inFlight++;
        const answer = await post(url, sign(job.event)).catch((): Answer => ({ status: 0, ms: 0 }));
        inFlight--;
        if (answer.status >= 200 && answer.status < 300) {
          tally.acknowledged++;
          tally.latencies.push(answer.ms);
          continue;
        }
        tally.refused.set(answer.status, (tally.refused.get(answer.status) ?? 0) + 1);
        if (job.attempt >= maxAttempts) tally.abandoned++;
        else retries.push({ event: job.event, attempt: job.attempt + 1, due: performance.now() + Math.min(30_000, firstRetryMs * 2 ** (job.attempt - 1)) });
      }
    }),
  );
  tally.elapsedMs = performance.now() - started;
  return tally;
}
