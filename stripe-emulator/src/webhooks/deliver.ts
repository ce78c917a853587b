import type Stripe from 'stripe';
import { typeMatches } from '../resources/events.js';
import { signatureHeader } from './sign.js';

export interface StaticEndpoint {
  url: string;
  secret: string;
}

export interface DeliveryRecord {
  eventId: string;
  type: string;
  url: string;
  status: number | null;
  attempts: number;
}

interface Job {
  event: Stripe.Event;
  url: string;
  secret: string;
  record: DeliveryRecord;
}

/** Short, bounded backoff: enough to prove at-least-once delivery without slowing tests. */
const RETRY_DELAYS_MS = [50, 200, 1000, 3000];
const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const a = out[i];
    const b = out[j];
    if (a === undefined || b === undefined) continue;
    out[i] = b;
    out[j] = a;
  }
  return out;
}

/**
 * Delivers events to endpoints one at a time in emission order (or shuffled per batch when
 * asked), signing each POST as Stripe does and retrying failures.
 */
export class WebhookDispatcher {
  private queue: Job[] = [];
  private retryTimers = new Map<NodeJS.Timeout, Job>();
  private pumping: Promise<void> | null = null;
  private idleWaiters: (() => void)[] = [];
  private records: DeliveryRecord[] = [];
  paused = false;
  duplicate = false;
  shuffle = false;
  delayMs = 0;

  constructor(
    private readonly endpoints: () => { url: string; secret: string; enabledEvents: string[] }[],
    private readonly fetchImpl: typeof fetch,
    private readonly onDelivered: (event: Stripe.Event) => void,
  ) {}

  enqueue(event: Stripe.Event): void {
    for (const endpoint of this.endpoints()) {
      if (!typeMatches(event.type, endpoint.enabledEvents)) continue;
      const copies = this.duplicate ? 2 : 1;
      for (let i = 0; i < copies; i++) {
        const record: DeliveryRecord = { eventId: event.id, type: event.type, url: endpoint.url, status: null, attempts: 0 };
        this.queue.push({ event, url: endpoint.url, secret: endpoint.secret, record });
      }
    }
    // Let the request that emitted the event finish first, so one request's events form one batch.
    setImmediate(() => void this.pump(false));
  }

  deliveries(): DeliveryRecord[] {
    return this.records.map((r) => ({ ...r }));
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    void this.pump(false);
  }

  /** Delivers everything queued, pending retries included, even while paused. */
  async flush(): Promise<void> {
    for (const [timer, job] of this.retryTimers) {
      clearTimeout(timer);
      this.queue.push(job);
    }
    this.retryTimers.clear();
    if (this.pumping) await this.pumping;
    await this.pump(true);
  }

  waitForIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops what is queued and waits for the delivery in flight, so nothing lands after stop. */
  async stop(): Promise<void> {
    for (const timer of this.retryTimers.keys()) clearTimeout(timer);
    this.retryTimers.clear();
    this.queue = [];
    if (this.pumping) await this.pumping;
    this.notifyIdle();
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.retryTimers.size === 0 && this.pumping === null;
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private pump(force: boolean): Promise<void> {
    if (this.pumping) return this.pumping;
    if (this.paused && !force) return Promise.resolve();
    this.pumping = (async () => {
      while (this.queue.length > 0 && (force || !this.paused)) {
        const batch = this.queue.splice(0, this.queue.length);
        for (const job of this.shuffle ? shuffled(batch) : batch) {
          if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
          await this.attempt(job);
        }
      }
    })().finally(() => {
      this.pumping = null;
      this.notifyIdle();
    });
    return this.pumping;
  }

  private async attempt(job: Job): Promise<void> {
    // A delivery is listed from its first attempt on; queued events are not deliveries yet.
    if (job.record.attempts === 0) this.records.push(job.record);
    job.record.attempts += 1;
    const payload = JSON.stringify(job.event, null, 2);
    let status: number | null = null;
    try {
      const response = await this.fetchImpl(job.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Stripe-Signature': signatureHeader(payload, job.secret),
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body: payload,
      });
      status = response.status;
      await response.text().catch(() => '');
    } catch {
      status = null;
    }
    job.record.status = status;
    if (status !== null && status >= 200 && status < 300) {
      this.onDelivered(job.event);
      return;
    }
    const delay = RETRY_DELAYS_MS[job.record.attempts - 1];
    if (delay === undefined || job.record.attempts >= MAX_ATTEMPTS) return;
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.queue.push(job);
      void this.pump(false);
      this.notifyIdle();
    }, delay);
    this.retryTimers.set(timer, job);
  }
}
