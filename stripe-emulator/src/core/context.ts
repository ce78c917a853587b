import type { Clock } from './clock.js';
import type { Store } from './store.js';
import type { EventBus } from '../events/emit.js';

/** What the engine, the API handlers and the pages share. */
/**
 * Account-level billing settings Stripe keeps in the Dashboard (Billing → Revenue recovery):
 * what happens to a subscription once every retry of an invoice has failed.
 */
export interface BillingSettings {
  afterFinalRetry: 'cancel' | 'unpaid' | 'past_due';
}

export interface Ctx {
  store: Store;
  settings: BillingSettings;
  clock: Clock;
  events: EventBus;
  publicUrl(): string;
  /** Marks state dirty so the snapshot (if any) is rewritten. */
  changed(): void;
}
