import type { Clock } from './clock.js';
import type { Store } from './store.js';
import type { EventBus } from '../events/emit.js';

/** What the engine, the API handlers and the pages share. */
export interface Ctx {
  store: Store;
  clock: Clock;
  events: EventBus;
  publicUrl(): string;
  /** Marks state dirty so the snapshot (if any) is rewritten. */
  changed(): void;
}
