import 'server-only';
import type Stripe from 'stripe';
import { roundTripOf } from '@/lib/stripe/http-client';
import { stripe } from '@/lib/stripe/client';
import { isLive } from '../subscription-status';
import { featuresOf } from './stripe-mappers';

/**
 * A full reading of a customer's billing state from Stripe, and where in Stripe's time it lies:
 * served no earlier than `asOfMin` and no later than `asOfMax` (Stripe-clock seconds; see
 * versions.ts). Both are absent only for a state that is final by construction (a customer
 * Stripe no longer has), which outranks every version.
 */
export type StripeState = {
  subscriptions: Stripe.Subscription[];
  defaultPaymentMethod: Stripe.PaymentMethod | string | null;
  /** The active entitlements' lookup keys; absent when the reading did not ask for them. */
  features?: string[];
  /** The latest invoices, when the reading asked for them (reconciliation and resync do). */
  invoices?: Stripe.Invoice[];
  asOfMin?: number;
  asOfMax?: number;
};

/** How many invoices a full reading brings: more than the billing page shows. */
const INVOICES_READ = 24;

type Page<T> = Stripe.Response<Stripe.ApiList<T>>;

/**
 * Stripe's clock across the responses of one reading. `Date` is Stripe's own second when it
 * answered; the request was served at most the round trip before that. Without a Date header
 * (a proxy stripped it) the reading is placed everywhere at once, [0, ∞): never ordered against
 * an event's object, so events then always take a read, which is slower but still right.
 */
class ReadingClock {
  min = Number.POSITIVE_INFINITY;
  max = 0;
  private unknown = false;

  note(lastResponse: Stripe.Response<unknown>['lastResponse']): void {
    const date = Date.parse(lastResponse.headers.date ?? '');
    if (Number.isNaN(date)) {
      this.unknown = true;
      return;
    }
    const answered = Math.floor(date / 1000);
    const roundTrip = roundTripOf(lastResponse) ?? Number.POSITIVE_INFINITY;
    this.min = Math.min(this.min, answered - Math.max(1, Math.ceil(roundTrip / 1000)));
    this.max = Math.max(this.max, answered);
  }

  range(): { asOfMin: number; asOfMax: number } {
    if (this.unknown || !Number.isFinite(this.min)) return { asOfMin: 0, asOfMax: Number.MAX_SAFE_INTEGER };
    return { asOfMin: this.min, asOfMax: this.max };
  }
}

/** Every page of a list, noting each response on the reading's clock. */
async function everyPage<T extends { id?: string }>(clock: ReadingClock, first: Page<T>, next: (after: string) => Promise<Page<T>>, max: number): Promise<T[]> {
  const items: T[] = [];
  let page = first;
  for (;;) {
    clock.note(page.lastResponse);
    items.push(...page.data);
    const last = page.data.at(-1)?.id;
    if (!page.has_more || !last || items.length >= max) return items;
    page = await next(last);
  }
}

export async function fetchStripeState(
  customerId: string,
  { invoices = false, entitlements: withEntitlements = true }: { invoices?: boolean; entitlements?: boolean } = {},
): Promise<StripeState> {
  const client = stripe();
  const clock = new ReadingClock();
  const subscriptionParams = {
    customer: customerId,
    status: 'all',
    limit: 100,
    // The customer comes expanded on each subscription, for its default payment method: one
    // request fewer per sync than retrieving it too (and none at all without subscriptions,
    // when there is no row to show it on).
    expand: ['data.default_payment_method', 'data.customer.invoice_settings.default_payment_method'],
  } satisfies Stripe.SubscriptionListParams;
  const [subs, listedEntitlements, invoiceList] = await Promise.all([
    client.subscriptions
      .list(subscriptionParams)
      .then((first) => everyPage(clock, first, (after) => client.subscriptions.list({ ...subscriptionParams, starting_after: after }), 1000)),
    // Every page: the summary inside an event lists only the first ten.
    withEntitlements
      ? client.entitlements.activeEntitlements
          .list({ customer: customerId, limit: 100 })
          .then((first) =>
            everyPage(clock, first, (after) => client.entitlements.activeEntitlements.list({ customer: customerId, limit: 100, starting_after: after }), 10_000),
          )
      : undefined,
    invoices ? client.invoices.list({ customer: customerId, limit: INVOICES_READ }).then((page) => (clock.note(page.lastResponse), page.data)) : undefined,
  ]);
  // Stripe still lists a deleted customer's subscriptions (canceled), where the entitlements list
  // answers resource_missing (process-event.ts then ends the customer's access and its rows): a
  // reading that finds no live subscription asks for the entitlements after all, so it cannot
  // mistake a deleted customer for one whose subscriptions have ended.
  const entitlements =
    listedEntitlements ??
    (!subs.some(isLive)
      ? await client.entitlements.activeEntitlements
          .list({ customer: customerId, limit: 100 })
          .then((first) =>
            everyPage(clock, first, (after) => client.entitlements.activeEntitlements.list({ customer: customerId, limit: 100, starting_after: after }), 10_000),
          )
      : undefined);
  const customer = subs[0]?.customer;
  return {
    subscriptions: subs,
    defaultPaymentMethod: customer && typeof customer !== 'string' && !customer.deleted ? customer.invoice_settings.default_payment_method : null,
    ...(entitlements ? { features: featuresOf(entitlements) } : {}),
    ...(invoiceList ? { invoices: invoiceList } : {}),
    ...clock.range(),
  };
}
