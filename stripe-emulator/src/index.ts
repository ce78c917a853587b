import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { advanceClock } from './billing/scheduler.js';
import { completeCheckout, type CheckoutOutcome } from './billing/checkout-complete.js';
import type { PaymentInput } from './billing/test-values.js';
import { Clock } from './core/clock.js';
import { billingSettings, type BillingSettings, type Ctx } from './core/context.js';
import { loadSnapshot, writeSnapshot } from './core/snapshot.js';
import { Store } from './core/store.js';
import { EventBus } from './events/emit.js';
import { handleApi } from './http/api-handler.js';
import { handleControls } from './http/controls.js';
import { IdempotencyCache } from './http/idempotency.js';
import { RateLimiter, RequestStats, type ApiStats, type RateLimitMode, type RateLimits } from './http/rate-limit.js';
import { apiRouter } from './http/routes.js';
import { handlePage } from './pages/page-router.js';
import { WebhookDispatcher, type DeliveryRecord } from './webhooks/deliver.js';

export type { PaymentInput } from './billing/test-values.js';
export type { CheckoutOutcome } from './billing/checkout-complete.js';
export type { ApiStats, EndpointStats, RateLimitMode, RateLimits } from './http/rate-limit.js';

export interface StripeEmulatorOptions {
  port?: number;
  host?: string;
  webhookEndpoints?: { url: string; secret: string }[];
  fetch?: typeof fetch;
  snapshotPath?: string;
  publicUrl?: string;
  /** What happens once every retry of a failed invoice has failed (Stripe's default: cancel). */
  billing?: Partial<BillingSettings>;
  /** Stripe's API rate limits: `live` (100/s), `test` (25/s) or `off` (the default). */
  rateLimit?: RateLimitMode;
  /**
   * Moves the emulator clock forward to this time (a Date, or Unix seconds) at start, running
   * whatever falls due on the way. Never back: a snapshot whose clock is past it keeps its time.
   */
  clockStart?: Date | number;
  /** The business name on hosted pages and invoices (Stripe: the account's public name). Default "Test business". */
  accountName?: string;
}

export interface StripeEmulator {
  url: string;
  host: string;
  port: number;
  stripeConfig: { host: string; port: number; protocol: 'http' };
  stop(): Promise<void>;
  webhooks: {
    setDuplicate(on: boolean): void;
    setShuffle(on: boolean): void;
    setDelayMs(ms: number): void;
    pause(): void;
    resume(): void;
    flush(): Promise<void>;
    waitForIdle(): Promise<void>;
    deliveries(): { eventId: string; type: string; status: number | null; attempts: number }[];
  };
  checkout: {
    complete(sessionId: string, payment: PaymentInput | { type: 'none' }): Promise<CheckoutOutcome>;
  };
  clock: { now(): number; advance(seconds: number): Promise<void> };
  /** Billing settings, changeable at run time (also `POST /_emulator/billing/config`). */
  billing: BillingSettings;
  /** Stripe's rate limits on `/v1` (also `POST /_emulator/rate-limit`). */
  rateLimit: {
    mode(): RateLimitMode;
    set(mode: RateLimitMode): void;
    /** The limits of the current mode, null when off. */
    limits(): RateLimits | null;
  };
  /** Counters of `/v1` requests (also `GET /_emulator/stats`, `POST /_emulator/stats/reset`). */
  stats: {
    read(): ApiStats;
    reset(): void;
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** How often the emulator clock's due work (renewals, settlements) is checked against wall time. */
const TICK_MS = 1000;
const SNAPSHOT_DEBOUNCE_MS = 200;

export async function startStripeEmulator(options: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  const host = options.host ?? '127.0.0.1';
  const store = new Store();
  if (options.snapshotPath) loadSnapshot(store, options.snapshotPath);
  let publicUrl = options.publicUrl ?? '';
  let snapshotTimer: NodeJS.Timeout | null = null;
  const saveSnapshot = (): void => {
    if (options.snapshotPath) writeSnapshot(store, options.snapshotPath);
  };
  const staticEndpoints = options.webhookEndpoints ?? [];
  const events = new EventBus(store, () => endpointList().length);
  const ctx: Ctx = {
    store,
    settings: billingSettings(options.billing),
    clock: new Clock(store),
    events,
    publicUrl: () => publicUrl,
    accountName: options.accountName,
    changed: () => {
      if (!options.snapshotPath || snapshotTimer) return;
      snapshotTimer = setTimeout(() => {
        snapshotTimer = null;
        saveSnapshot();
      }, SNAPSHOT_DEBOUNCE_MS);
    },
  };
  function endpointList(): { url: string; secret: string; enabledEvents: string[] }[] {
    const fromApi = [...store.webhookEndpoints.values()]
      .filter((e) => e.status === 'enabled' && e.secret)
      .map((e) => ({ url: e.url, secret: e.secret ?? '', enabledEvents: e.enabled_events }));
    return [...staticEndpoints.map((e) => ({ ...e, enabledEvents: ['*'] })), ...fromApi];
  }
  const dispatcher = new WebhookDispatcher(endpointList, options.fetch ?? fetch, (event) => {
    const stored = store.events.get(event.id);
    if (stored && stored.pending_webhooks > 0) stored.pending_webhooks -= 1;
  });
  events.onEvent((event) => {
    dispatcher.enqueue(event);
    ctx.changed();
  });
  const api = {
    router: apiRouter(ctx),
    idempotency: new IdempotencyCache(),
    limiter: new RateLimiter(options.rateLimit ?? 'off'),
    stats: new RequestStats(),
    ctx,
  };
  const advance = (seconds: number): void => advanceClock(ctx, null, ctx.clock.emulatorNow() + seconds);
  if (options.clockStart !== undefined) {
    const target = options.clockStart instanceof Date ? Math.floor(options.clockStart.getTime() / 1000) : Math.floor(options.clockStart);
    if (!Number.isFinite(target)) throw new TypeError(`clockStart must be a valid Date or Unix seconds, not ${String(options.clockStart)}`);
    if (target > ctx.clock.emulatorNow()) advanceClock(ctx, null, target);
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://emulator.local');
      const body = await readBody(req);
      if (url.pathname.startsWith('/v1/')) return handleApi(req, res, url, body, api);
      if (url.pathname.startsWith('/_emulator/')) {
        return handleControls(req.method ?? 'GET', url.pathname, body, res, {
          webhooks: dispatcher,
          advance,
          now: () => ctx.clock.emulatorNow(),
          settings: ctx.settings,
          limiter: api.limiter,
          stats: api.stats,
        });
      }
      const page = handlePage(ctx, req.method ?? 'GET', url, body, req.headers['accept-language']);
      res.writeHead(page.status, { 'Content-Type': 'text/html; charset=utf-8', ...page.headers });
      res.end(page.body);
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`Emulator error: ${err instanceof Error ? err.stack : String(err)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  if (!publicUrl) publicUrl = url;
  const tick = setInterval(() => advanceClock(ctx, null, ctx.clock.emulatorNow()), TICK_MS);
  tick.unref();

  return {
    url,
    host,
    port,
    stripeConfig: { host, port, protocol: 'http' },
    async stop() {
      clearInterval(tick);
      await dispatcher.stop();
      if (snapshotTimer) {
        clearTimeout(snapshotTimer);
        snapshotTimer = null;
      }
      saveSnapshot();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    webhooks: {
      setDuplicate: (on) => void (dispatcher.duplicate = on),
      setShuffle: (on) => void (dispatcher.shuffle = on),
      setDelayMs: (ms) => void (dispatcher.delayMs = ms),
      pause: () => dispatcher.pause(),
      resume: () => dispatcher.resume(),
      flush: () => dispatcher.flush(),
      waitForIdle: () => dispatcher.waitForIdle(),
      deliveries: () => dispatcher.deliveries().map(({ eventId, type, status, attempts }: DeliveryRecord) => ({ eventId, type, status, attempts })),
    },
    checkout: {
      complete: async (sessionId, payment) => {
        const outcome = completeCheckout(ctx, sessionId, payment);
        ctx.changed();
        return outcome;
      },
    },
    billing: ctx.settings,
    rateLimit: {
      mode: () => api.limiter.mode,
      set: (mode) => api.limiter.setMode(mode),
      limits: () => api.limiter.limits(),
    },
    stats: {
      read: () => api.stats.read(),
      reset: () => api.stats.reset(),
    },
    clock: {
      now: () => ctx.clock.emulatorNow(),
      advance: async (seconds) => advance(seconds),
    },
  };
}
