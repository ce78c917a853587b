import type Stripe from 'stripe';
import type { ChargeBehaviour, PaymentInput } from '../billing/test-values.js';

/** Bookkeeping Stripe keeps but does not expose on the object. */
export interface SubscriptionState {
  trialWillEndSent: boolean;
  /** The period end whose `invoice.upcoming` was sent (absent in snapshots from before it). */
  upcomingSentFor?: number | null;
  /** Proration lines from `create_prorations` waiting for the next invoice, like pending invoice items. */
  pendingLines: Stripe.InvoiceLineItem[];
  nextRetryAt: number | null;
  retryCount: number;
}

export interface PendingSettlement {
  paymentIntentId: string;
  at: number;
  outcome: 'succeeded' | 'failed';
  failureCode?: string;
  failureMessage?: string;
}

export interface CheckoutState {
  lineItems: Stripe.LineItem[];
  trialEnd: number | null;
  trialSettings: Stripe.Subscription.TrialSettings | null;
  subscriptionMetadata: Stripe.Metadata;
  subscriptionDescription: string | null;
  /** Payment details waiting for a 3-D Secure decision on the challenge page. */
  challenge?: PaymentInput;
  lastError?: string;
}

/**
 * A Map that also remembers insertion order by position (so a list page starts at its cursor
 * instead of copying the whole map) and groups ids by keys that never change once an object is
 * stored (a subscription's customer, an invoice's subscription), so per-customer reads and the
 * billing engine do not scan every object.
 */
export class StoreMap<T> extends Map<string, T> {
  /** Ids in insertion order; null where one was deleted. */
  private order: (string | null)[] = [];
  private position = new Map<string, number>();
  private groups = new Map<string, Map<string, string[]>>();
  private keysById = new Map<string, Record<string, string>>();
  private readonly groupers: Record<string, (value: T) => string | null | undefined>;

  constructor(groupers: Record<string, (value: T) => string | null | undefined> = {}) {
    super();
    this.groupers = groupers;
  }

  override set(id: string, value: T): this {
    // Map's constructor calls set before fields exist; StoreMap is never built with entries.
    if (!this.position || this.position.has(id)) return super.set(id, value);
    this.position.set(id, this.order.length);
    this.order.push(id);
    super.set(id, value);
    this.group(id, value);
    return this;
  }

  private group(id: string, value: T): void {
    const keys: Record<string, string> = {};
    for (const [name, keyOf] of Object.entries(this.groupers)) {
      const key = keyOf(value);
      if (!key) continue;
      keys[name] = key;
      let byKey = this.groups.get(name);
      if (!byKey) {
        byKey = new Map();
        this.groups.set(name, byKey);
      }
      const ids = byKey.get(key);
      if (!ids) {
        byKey.set(key, [id]);
        continue;
      }
      // Keep each group in insertion order even when an object joins it late (a changed email).
      const at = this.position.get(id) ?? Infinity;
      let i = ids.length;
      while (i > 0 && (this.position.get(ids[i - 1] ?? '') ?? -1) > at) i--;
      ids.splice(i, 0, id);
    }
    this.keysById.set(id, keys);
  }

  private ungroup(id: string): void {
    const keys = this.keysById.get(id);
    if (!keys) return;
    for (const [name, key] of Object.entries(keys)) {
      const byKey = this.groups.get(name);
      const ids = byKey?.get(key);
      if (!byKey || !ids) continue;
      const rest = ids.filter((x) => x !== id);
      if (rest.length > 0) byKey.set(key, rest);
      else byKey.delete(key);
    }
    this.keysById.delete(id);
  }

  /** Call after changing a field a group is keyed on (a customer's email). */
  regroup(id: string): void {
    const value = super.get(id);
    this.ungroup(id);
    if (value !== undefined) this.group(id, value);
  }

  override delete(id: string): boolean {
    const at = this.position.get(id);
    if (at !== undefined) {
      this.order[at] = null;
      this.position.delete(id);
    }
    this.ungroup(id);
    return super.delete(id);
  }

  override clear(): void {
    this.order = [];
    this.position.clear();
    this.groups.clear();
    this.keysById.clear();
    super.clear();
  }

  /** Ids in insertion order (null for deleted ones), and where each id sits in it. */
  ordered(): { ids: readonly (string | null)[]; positionOf(id: string): number | undefined } {
    return { ids: this.order, positionOf: (id) => this.position.get(id) };
  }

  /** Ids in the named group, in insertion order. */
  idsBy(group: string, key: string): readonly string[] {
    return this.groups.get(group)?.get(key) ?? [];
  }

  /** Objects in the named group, in insertion order. */
  valuesBy(group: string, key: string): T[] {
    const out: T[] = [];
    for (const id of this.idsBy(group, key)) {
      const v = super.get(id);
      if (v !== undefined) out.push(v);
    }
    return out;
  }
}

function idOrNull(v: string | { id: string } | null | undefined): string | null {
  if (!v) return null;
  return typeof v === 'string' ? v : v.id;
}

/** All emulator state; plain maps so a snapshot is a straight JSON dump. */
export class Store {
  customers = new StoreMap<Stripe.Customer>({ email: (c) => c.email });
  deletedCustomers = new Set<string>();
  products = new Map<string, Stripe.Product>();
  prices = new Map<string, Stripe.Price>();
  features = new Map<string, Stripe.Entitlements.Feature>();
  productFeatures = new Map<string, Stripe.ProductFeature>();
  /** product_feature id → product id (the object itself does not say). */
  productFeatureOwners = new Map<string, string>();
  paymentMethods = new StoreMap<Stripe.PaymentMethod>();
  /** How each payment method behaves when charged, from the test value it was made from. */
  paymentMethodBehaviour = new Map<string, ChargeBehaviour>();
  portalConfigurations = new Map<string, Stripe.BillingPortal.Configuration>();
  portalSessions = new Map<string, Stripe.BillingPortal.Session>();
  events = new StoreMap<Stripe.Event>();
  webhookEndpoints = new Map<string, Stripe.WebhookEndpoint>();
  testClocks = new Map<string, Stripe.TestHelpers.TestClock>();
  checkoutSessions = new Map<string, Stripe.Checkout.Session>();
  checkoutState = new Map<string, CheckoutState>();
  subscriptions = new StoreMap<Stripe.Subscription>({ customer: (s) => idOrNull(s.customer) });
  subscriptionState = new Map<string, SubscriptionState>();
  invoices = new StoreMap<Stripe.Invoice>({
    customer: (i) => idOrNull(i.customer),
    subscription: (i) => idOrNull(i.parent?.subscription_details?.subscription),
  });
  paymentIntents = new StoreMap<Stripe.PaymentIntent>({ customer: (pi) => idOrNull(pi.customer) });
  /** PaymentIntent id → the invoice it pays (the PaymentIntent itself does not say in this API version). */
  invoiceOfPaymentIntent = new Map<string, string>();
  refunds = new Map<string, Stripe.Refund>();
  invoiceItems = new StoreMap<Stripe.InvoiceItem>({ customer: (ii) => idOrNull(ii.customer) });
  /** `${customer}|${feature}` → stable active entitlement id. */
  entitlementIds = new Map<string, string>();
  settlements: PendingSettlement[] = [];
  /** The emulator clock's distance from wall-clock time, in seconds. */
  clockOffset = 0;

  subState(subscriptionId: string): SubscriptionState {
    let s = this.subscriptionState.get(subscriptionId);
    if (!s) {
      s = { trialWillEndSent: false, pendingLines: [], nextRetryAt: null, retryCount: 0 };
      this.subscriptionState.set(subscriptionId, s);
    }
    return s;
  }

  /** Every object by id, for `expand` and for event lookups. */
  find(id: string): object | undefined {
    for (const map of this.objectMaps()) {
      const found = map.get(id);
      if (found) return found;
    }
    return undefined;
  }

  private objectMaps(): Map<string, object>[] {
    return [
      this.customers, this.products, this.prices, this.features, this.productFeatures, this.paymentMethods,
      this.portalConfigurations, this.portalSessions, this.events, this.webhookEndpoints, this.testClocks,
      this.checkoutSessions, this.subscriptions, this.invoices, this.paymentIntents, this.refunds, this.invoiceItems,
    ];
  }
}
