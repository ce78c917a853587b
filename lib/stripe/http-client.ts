import Stripe from 'stripe';
import { stripeEndpoint } from './endpoint';

/**
 * The Stripe SDK's own Node HTTP client, with what the SDK does not do itself:
 *
 * - Before each request (retries included) it waits for `beforeRequest`, given the request's
 *   endpoint (endpoint.ts): the server passes the shared per-second budget there (rate-budget.ts).
 *   Only here is the SDK's path known, which Stripe's per-endpoint limit counts by.
 * - It retries 429s. The SDK's `maxNetworkRetries` retries connection errors, 409s and 5xx, but a
 *   429 only when Stripe adds `Stripe-Should-Retry: true` (RequestSender._shouldRetry in
 *   stripe 23), which its rate limiter does not promise. Here a 429 is retried up to
 *   `MAX_429_RETRIES` times with jittered exponential backoff (or the Retry-After Stripe asks for),
 *   unless Stripe says `Stripe-Should-Retry: false`. A 429 means Stripe did not process the
 *   request, and a retried POST carries the same Idempotency-Key, so retrying is safe.
 * - It notes each response's round trip, which the sync needs to place a reading in Stripe's time
 *   (`roundTripOf(response.lastResponse)`, see lib/billing/sync/versions.ts).
 */

const MAX_429_RETRIES = 5;
const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 5_000;

const roundTrips = new WeakMap<object, number>();

/** How long the request behind an SDK response's `lastResponse` took on the wire, in ms. */
export function roundTripOf(lastResponse: object): number | undefined {
  return roundTrips.get(lastResponse);
}

/** Half to all of an exponentially growing delay: instances that met a 429 together do not retry together. */
function backoffDelayMs(attempt: number, retryAfterSeconds?: number): number {
  const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  const jittered = exponential * (0.5 + Math.random() / 2);
  return retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds) ? Math.max(jittered, retryAfterSeconds * 1000) : jittered;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class BudgetedHttpClient extends Stripe.HttpClient {
  private readonly inner = Stripe.createNodeHttpClient();

  constructor(private readonly beforeRequest: (endpoint: string) => Promise<void> = async () => {}) {
    super();
  }

  override getClientName(): string {
    return 'entitle-node';
  }

  override async makeRequest(...args: Parameters<Stripe.HttpClient['makeRequest']>): ReturnType<Stripe.HttpClient['makeRequest']> {
    const [, , path, method] = args;
    const endpoint = stripeEndpoint(method, path);
    for (let attempt = 0; ; attempt++) {
      await this.beforeRequest(endpoint);
      const started = performance.now();
      const response = await this.inner.makeRequest(...args);
      const headers = response.getHeaders();
      if (response.getStatusCode() === 429 && attempt < MAX_429_RETRIES && headers['stripe-should-retry'] !== 'false') {
        response.dispose?.();
        const retryAfter = headers['retry-after'];
        await sleep(backoffDelayMs(attempt, retryAfter === undefined ? undefined : Number(retryAfter)));
        continue;
      }
      const raw = response.getRawResponse();
      if (typeof raw === 'object' && raw !== null) roundTrips.set(raw, performance.now() - started);
      return response;
    }
  }
}
