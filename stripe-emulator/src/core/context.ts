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
  /**
   * Days before a renewal that `invoice.upcoming` is sent (Billing → Subscriptions → "Upcoming
   * renewal events" in the Dashboard); 0 sends none.
   */
  upcomingRenewalDays: number;
  /**
   * `saved`: the account's default customer portal settings were saved, so a portal session
   * without `configuration` uses the default configuration. `none`: they never were, and such a
   * session gets Stripe's "default configuration has not been created" 400.
   */
  portalDefaultConfiguration: 'saved' | 'none';
}

export const DEFAULT_BILLING_SETTINGS: BillingSettings = { afterFinalRetry: 'cancel', upcomingRenewalDays: 7, portalDefaultConfiguration: 'saved' };

export function billingSettings(options: Partial<BillingSettings> = {}): BillingSettings {
  return {
    afterFinalRetry: options.afterFinalRetry ?? DEFAULT_BILLING_SETTINGS.afterFinalRetry,
    upcomingRenewalDays: options.upcomingRenewalDays ?? DEFAULT_BILLING_SETTINGS.upcomingRenewalDays,
    portalDefaultConfiguration: options.portalDefaultConfiguration ?? DEFAULT_BILLING_SETTINGS.portalDefaultConfiguration,
  };
}

export interface Ctx {
  store: Store;
  settings: BillingSettings;
  clock: Clock;
  events: EventBus;
  publicUrl(): string;
  /** Marks state dirty so the snapshot (if any) is rewritten. */
  changed(): void;
  /** The business name on hosted pages and invoices (Stripe: the account's public name). */
  accountName?: string;
}

/** What hosted pages and invoices call the business when the emulator was given no name. */
export const DEFAULT_ACCOUNT_NAME = 'Test business';

export function accountNameOf(ctx: Ctx): string {
  return ctx.accountName ?? DEFAULT_ACCOUNT_NAME;
}
