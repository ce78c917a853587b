import type { ServerResponse } from 'node:http';
import type { BillingSettings } from '../core/context.js';
import type { WebhookDispatcher } from '../webhooks/deliver.js';
import { isRateLimitMode, type RateLimiter, type RequestStats } from './rate-limit.js';

export interface Controls {
  webhooks: WebhookDispatcher;
  settings: BillingSettings;
  limiter: RateLimiter;
  stats: RequestStats;
  advance(seconds: number): void;
  now(): number;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body, null, 2));
}

function parseJson(raw: string): Record<string, unknown> {
  if (!raw.trim()) return {};
  const parsed: unknown = JSON.parse(raw);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? Object.fromEntries(Object.entries(parsed)) : {};
}

/** `/_emulator/*`: the test switches over HTTP for processes that cannot call the JS API. */
export async function handleControls(method: string, path: string, rawBody: string, res: ServerResponse, c: Controls): Promise<void> {
  try {
    const body = method === 'POST' ? parseJson(rawBody) : {};
    const route = `${method} ${path}`;
    switch (route) {
      case 'GET /_emulator/health':
        return json(res, 200, { ok: true, now: c.now() });
      case 'POST /_emulator/webhooks/pause':
        c.webhooks.pause();
        return json(res, 200, { paused: true });
      case 'POST /_emulator/webhooks/resume':
        c.webhooks.resume();
        return json(res, 200, { paused: false });
      case 'POST /_emulator/webhooks/flush':
        await c.webhooks.flush();
        return json(res, 200, { flushed: true });
      case 'POST /_emulator/webhooks/config': {
        if (typeof body.duplicate === 'boolean') c.webhooks.duplicate = body.duplicate;
        if (typeof body.shuffle === 'boolean') c.webhooks.shuffle = body.shuffle;
        if (typeof body.delayMs === 'number') c.webhooks.delayMs = body.delayMs;
        return json(res, 200, { duplicate: c.webhooks.duplicate, shuffle: c.webhooks.shuffle, delayMs: c.webhooks.delayMs, paused: c.webhooks.paused });
      }
      case 'GET /_emulator/webhooks/deliveries':
        return json(res, 200, { data: c.webhooks.deliveries() });
      case 'POST /_emulator/billing/config': {
        const after = body.afterFinalRetry;
        if (after === 'cancel' || after === 'unpaid' || after === 'past_due') c.settings.afterFinalRetry = after;
        else if (after !== undefined) return json(res, 400, { error: 'afterFinalRetry must be cancel, unpaid or past_due' });
        const days = body.upcomingRenewalDays;
        if (typeof days === 'number' && Number.isInteger(days) && days >= 0) c.settings.upcomingRenewalDays = days;
        else if (days !== undefined) return json(res, 400, { error: 'upcomingRenewalDays must be a whole number of days, 0 or more' });
        const portal = body.portalDefaultConfiguration;
        if (portal === 'saved' || portal === 'none') c.settings.portalDefaultConfiguration = portal;
        else if (portal !== undefined) return json(res, 400, { error: 'portalDefaultConfiguration must be saved or none' });
        return json(res, 200, { ...c.settings });
      }
      case 'GET /_emulator/rate-limit':
        return json(res, 200, { mode: c.limiter.mode, limits: c.limiter.limits() });
      case 'POST /_emulator/rate-limit': {
        if (!isRateLimitMode(body.mode)) return json(res, 400, { error: 'mode must be live, test or off' });
        c.limiter.setMode(body.mode);
        return json(res, 200, { mode: c.limiter.mode, limits: c.limiter.limits() });
      }
      case 'GET /_emulator/stats':
        return json(res, 200, c.stats.read());
      case 'POST /_emulator/stats/reset':
        c.stats.reset();
        return json(res, 200, c.stats.read());
      case 'POST /_emulator/clock/advance': {
        const seconds = body.seconds;
        if (typeof seconds !== 'number' || seconds < 0) return json(res, 400, { error: 'seconds must be a non-negative number' });
        c.advance(seconds);
        return json(res, 200, { now: c.now() });
      }
      default:
        return json(res, 404, { error: `Unknown emulator control: ${route}` });
    }
  } catch (err) {
    json(res, 400, { error: err instanceof Error ? err.message : String(err) });
  }
}
