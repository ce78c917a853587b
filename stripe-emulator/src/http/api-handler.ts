import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../core/errors.js';
import type { Ctx } from '../core/context.js';
import { newId } from '../core/ids.js';
import { API_VERSION, currentRequest } from '../events/emit.js';
import { expandPaths, toJson } from './expand.js';
import type { IdempotencyCache } from './idempotency.js';
import { Params } from './params.js';
import { parseForm } from './parse-form.js';
import { rateLimitErrorBody, type RateLimiter, type RequestStats } from './rate-limit.js';
import type { Router } from './router.js';

/** What every `/v1` request goes through. */
export interface ApiContext {
  router: Router;
  idempotency: IdempotencyCache;
  limiter: RateLimiter;
  stats: RequestStats;
  ctx: Ctx;
}

function hasApiKey(req: IncomingMessage): boolean {
  const auth = req.headers.authorization ?? '';
  if (auth.startsWith('Bearer ')) return auth.slice(7).trim().startsWith('sk_');
  if (auth.startsWith('Basic ')) {
    const user = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':')[0] ?? '';
    return user.startsWith('sk_');
  }
  return false;
}

function send(res: ServerResponse, status: number, body: string, requestId: string, idempotencyKey: string | null, ctx: Ctx, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    // Stripe's Date is its own clock; here that is the emulator clock, which can be a month ahead.
    Date: new Date(ctx.clock.emulatorNow() * 1000).toUTCString(),
    ...extra,
    'Request-Id': requestId,
    'Stripe-Version': API_VERSION,
    ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
  });
  res.end(body);
}

function errorBody(err: unknown): { status: number; body: string } {
  if (err instanceof ApiError) return { status: err.status, body: JSON.stringify({ error: err.body }, null, 2) };
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, body: JSON.stringify({ error: { type: 'api_error', message: `Emulator error: ${message}` } }, null, 2) };
}

export async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, rawBody: string, api: ApiContext): Promise<void> {
  const { router, idempotency, ctx } = api;
  const requestId = newId('req');
  const method = req.method ?? 'GET';
  const keyHeader = req.headers['idempotency-key'];
  const idempotencyKey = typeof keyHeader === 'string' && keyHeader ? keyHeader : null;
  if (!hasApiKey(req)) {
    send(res, 401, JSON.stringify({
      error: {
        type: 'invalid_request_error',
        message: 'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. \'Authorization: Bearer YOUR_SECRET_KEY\').',
      },
    }), requestId, null, ctx);
    return;
  }
  let matched: ReturnType<Router['match']> = null;
  try {
    matched = router.match(method, url.pathname);
  } catch {
    // A path that is not valid percent-encoding names no endpoint; it gets the 404 below.
  }
  const endpoint = matched !== null && matched !== 'method_not_allowed' ? `${method} ${matched.pattern}` : `${method} (unrecognized)`;
  const limitedBy = api.limiter.take(endpoint);
  api.stats.record(endpoint, limitedBy !== null);
  if (limitedBy !== null) {
    // No Stripe-Should-Retry: Stripe leaves rate-limit retries to the caller (stripe-node only
    // retries a 429 when that header says so, as it does for lock timeouts).
    send(res, 429, JSON.stringify({ error: rateLimitErrorBody() }, null, 2), requestId, idempotencyKey, ctx, { 'Stripe-Rate-Limited-Reason': limitedBy });
    return;
  }
  const query = url.search.length > 1 ? url.search.slice(1) : '';
  const bodyText = method === 'GET' ? query : [query, rawBody].filter(Boolean).join('&');
  const fingerprint = `${method} ${url.pathname} ${bodyText}`;
  try {
    if (idempotencyKey && method === 'POST') {
      const hit = idempotency.lookup(idempotencyKey, fingerprint);
      if (hit) {
        send(res, hit.status, hit.body, requestId, idempotencyKey, ctx);
        return;
      }
    }
    const params = new Params(parseForm(bodyText));
    if (matched === null || matched === 'method_not_allowed') {
      throw new ApiError(404, {
        type: 'invalid_request_error',
        message: `Unrecognized request URL (${method}: ${url.pathname}). The Stripe emulator does not implement this endpoint.`,
      });
    }
    const { handler, pathParams } = matched;
    const result = await currentRequest.run({ id: requestId, idempotencyKey }, () =>
      handler({ method, path: url.pathname, pathParams, params }),
    );
    const json = expandPaths(toJson(result), params.expand(), ctx.store);
    const body = JSON.stringify(json, null, 2);
    if (idempotencyKey && method === 'POST') idempotency.save(idempotencyKey, fingerprint, 200, body);
    if (method !== 'GET') ctx.changed();
    send(res, 200, body, requestId, idempotencyKey, ctx);
  } catch (err) {
    const { status, body } = errorBody(err);
    // Stripe saves the outcome of requests that reached the API, errors included, except 5xx.
    if (idempotencyKey && method === 'POST' && status < 500 && !(err instanceof ApiError && err.body.type === 'idempotency_error')) {
      idempotency.save(idempotencyKey, fingerprint, status, body);
    }
    send(res, status, body, requestId, idempotencyKey, ctx);
  }
}
