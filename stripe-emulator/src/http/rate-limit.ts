/**
 * Stripe's API rate limiter, as its "Rate limits" page documents it: requests per second per
 * account (live mode 100, test mode / sandbox 25), and per endpoint (25 per second unless an
 * endpoint says otherwise), where an endpoint is one named operation (`GET /v1/customers/:id`
 * for every id is one endpoint) and every call also counts against the global limit. Reads and
 * writes count alike (the current docs speak of "operations"; older ones gave reads and writes
 * separate budgets of the same size). Past a limit Stripe answers 429 with
 * `Stripe-Rate-Limited-Reason` naming the limiter.
 *
 * Windows are sliding one-second windows over wall-clock time (the emulator clock can jump a
 * month; a limit per real second cannot). Refused requests do not use up the budget.
 */
export type RateLimitMode = 'live' | 'test' | 'off';

export const RATE_LIMIT_MODES: readonly RateLimitMode[] = ['live', 'test', 'off'];

export type RateLimitedReason = 'global-rate' | 'endpoint-rate';

export interface RateLimits {
  /** Requests per second for the whole account. */
  global: number;
  /** Requests per second for each endpoint (method + route pattern). */
  endpoint: number;
}

export const LIMITS: Record<Exclude<RateLimitMode, 'off'>, RateLimits> = {
  live: { global: 100, endpoint: 25 },
  test: { global: 25, endpoint: 25 },
};

const WINDOW_MS = 1000;

/** Accepted request times inside the current window, oldest first. */
class Window {
  private times: number[] = [];
  private head = 0;

  count(now: number): number {
    while (this.head < this.times.length && (this.times[this.head] ?? 0) <= now - WINDOW_MS) this.head++;
    if (this.head > 1024) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  add(now: number): void {
    this.times.push(now);
  }
}

export function isRateLimitMode(value: unknown): value is RateLimitMode {
  return typeof value === 'string' && RATE_LIMIT_MODES.some((m) => m === value);
}

export class RateLimiter {
  private global = new Window();
  private endpoints = new Map<string, Window>();

  constructor(public mode: RateLimitMode = 'off') {}

  limits(): RateLimits | null {
    return this.mode === 'off' ? null : LIMITS[this.mode];
  }

  /** Takes one request from the budget, or says which limiter refuses it. */
  take(endpoint: string, now = Date.now()): RateLimitedReason | null {
    const limits = this.limits();
    if (!limits) return null;
    let perEndpoint = this.endpoints.get(endpoint);
    if (!perEndpoint) {
      perEndpoint = new Window();
      this.endpoints.set(endpoint, perEndpoint);
    }
    // The narrower limiter is named when both are spent (in test mode both are 25 per second).
    if (perEndpoint.count(now) >= limits.endpoint) return 'endpoint-rate';
    if (this.global.count(now) >= limits.global) return 'global-rate';
    this.global.add(now);
    perEndpoint.add(now);
    return null;
  }

  setMode(mode: RateLimitMode): void {
    this.mode = mode;
    // A new mode starts with a full budget rather than inheriting the old mode's window.
    this.global = new Window();
    this.endpoints.clear();
  }
}

export interface EndpointStats {
  requests: number;
  rateLimited: number;
}

export interface ApiStats {
  /** Every `/v1` request received with an API key, refused ones included. */
  requests: number;
  /** Requests answered 429 by the rate limiter. */
  rateLimited: number;
  /** Keyed by method and route pattern, e.g. `GET /v1/customers/:id`. */
  endpoints: Record<string, EndpointStats>;
  /** When counting started (wall-clock ms): start-up or the last reset. */
  since: number;
}

/** Request counters a benchmark reads (Stripe requests per event, 429s seen). */
export class RequestStats {
  private requests = 0;
  private rateLimited = 0;
  private endpoints = new Map<string, EndpointStats>();
  private since = Date.now();

  record(endpoint: string, limited: boolean): void {
    this.requests++;
    let e = this.endpoints.get(endpoint);
    if (!e) {
      e = { requests: 0, rateLimited: 0 };
      this.endpoints.set(endpoint, e);
    }
    e.requests++;
    if (limited) {
      this.rateLimited++;
      e.rateLimited++;
    }
  }

  read(): ApiStats {
    const endpoints: Record<string, EndpointStats> = {};
    for (const [key, e] of [...this.endpoints].sort(([a], [b]) => a.localeCompare(b))) endpoints[key] = { ...e };
    return { requests: this.requests, rateLimited: this.rateLimited, endpoints, since: this.since };
  }

  reset(): void {
    this.requests = 0;
    this.rateLimited = 0;
    this.endpoints.clear();
    this.since = Date.now();
  }
}

/** The body Stripe sends with a rate-limit 429; stripe-node maps any 429 to StripeRateLimitError. */
export function rateLimitErrorBody(): { type: 'invalid_request_error'; code: 'rate_limit'; message: string; doc_url: string } {
  return {
    type: 'invalid_request_error',
    code: 'rate_limit',
    message: 'Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.',
    doc_url: 'https://stripe.com/docs/error-codes/rate-limit',
  };
}
