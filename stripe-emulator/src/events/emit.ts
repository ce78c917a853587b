import { AsyncLocalStorage } from 'node:async_hooks';
import type Stripe from 'stripe';
import { newId } from '../core/ids.js';
import type { Store } from '../core/store.js';

export const API_VERSION = '2026-10-28.endive';

type EventOf<T extends Stripe.Event.Type> = Extract<Stripe.Event, { type: T }>;

export interface RequestInfo {
  id: string;
  idempotencyKey: string | null;
}

/** Lets events name the API request that caused them, as Stripe's `event.request` does. */
export const currentRequest = new AsyncLocalStorage<RequestInfo>();

function snapshot<T>(value: T): T {
  // Events carry the object as it was at that moment; later mutation must not leak in.
  const copy: T = JSON.parse(JSON.stringify(value));
  return copy;
}

export class EventBus {
  private listeners: ((event: Stripe.Event) => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly endpointCount: () => number,
  ) {}

  onEvent(listener: (event: Stripe.Event) => void): void {
    this.listeners.push(listener);
  }

  /** Listens until the returned function is called. */
  watch(listener: (event: Stripe.Event) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  emit<T extends Stripe.Event.Type>(
    type: T,
    object: EventOf<T>['data']['object'],
    created: number,
    previous?: EventOf<T>['data']['previous_attributes'],
  ): Stripe.Event {
    const request = currentRequest.getStore();
    const base: Stripe.EventBase = {
      id: newId('evt'),
      object: 'event',
      api_version: API_VERSION,
      created,
      data: previous ? { object: snapshot(object), previous_attributes: snapshot(previous) } : { object: snapshot(object) },
      livemode: false,
      pending_webhooks: this.endpointCount(),
      request: { id: request?.id ?? null, idempotency_key: request?.idempotencyKey ?? null },
      type,
    };
    // `type` and `data.object` were checked together by the signature above.
    const event = base as Stripe.Event;
    const buffer = this.collecting[this.collecting.length - 1];
    if (buffer) buffer.push(event);
    else this.publishOne(event);
    return event;
  }

  /**
   * Runs `fn` holding back the events it emits, so the caller can send an event of its own
   * first (Stripe's `customer.created` comes before the `payment_method.attached` of a method
   * given at creation) or drop them all when `fn` fails (then it throws, and nothing was sent).
   */
  collect<T>(fn: () => T): { result: T; events: Stripe.Event[] } {
    const buffer: Stripe.Event[] = [];
    this.collecting.push(buffer);
    try {
      const result = fn();
      return { result, events: buffer };
    } finally {
      this.collecting.pop();
    }
  }

  /** Sends events held back by `collect`, in their order. */
  publish(events: Stripe.Event[]): void {
    for (const event of events) {
      const outer = this.collecting[this.collecting.length - 1];
      if (outer) outer.push(event);
      else this.publishOne(event);
    }
  }

  private collecting: Stripe.Event[][] = [];

  private publishOne(event: Stripe.Event): void {
    this.store.events.set(event.id, event);
    for (const listener of this.listeners) listener(event);
  }
}
