import type Stripe from 'stripe';
import type { ChargeBehaviour, PaymentInput } from '../billing/test-values.js';

/** Bookkeeping Stripe keeps but does not expose on the object. */
export interface SubscriptionState {
  trialWillEndSent: boolean;
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

/** All emulator state; plain maps so a snapshot is a straight JSON dump. */
export class Store {
  customers = new Map<string, Stripe.Customer>();
  deletedCustomers = new Set<string>();
  products = new Map<string, Stripe.Product>();
  prices = new Map<string, Stripe.Price>();
  features = new Map<string, Stripe.Entitlements.Feature>();
  productFeatures = new Map<string, Stripe.ProductFeature>();
  /** product_feature id → product id (the object itself does not say). */
  productFeatureOwners = new Map<string, string>();
  paymentMethods = new Map<string, Stripe.PaymentMethod>();
  /** How each payment method behaves when charged, from the test value it was made from. */
  paymentMethodBehaviour = new Map<string, ChargeBehaviour>();
  portalConfigurations = new Map<string, Stripe.BillingPortal.Configuration>();
  portalSessions = new Map<string, Stripe.BillingPortal.Session>();
  events = new Map<string, Stripe.Event>();
  webhookEndpoints = new Map<string, Stripe.WebhookEndpoint>();
  testClocks = new Map<string, Stripe.TestHelpers.TestClock>();
  checkoutSessions = new Map<string, Stripe.Checkout.Session>();
  checkoutState = new Map<string, CheckoutState>();
  subscriptions = new Map<string, Stripe.Subscription>();
  subscriptionState = new Map<string, SubscriptionState>();
  invoices = new Map<string, Stripe.Invoice>();
  paymentIntents = new Map<string, Stripe.PaymentIntent>();
  refunds = new Map<string, Stripe.Refund>();
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
      this.checkoutSessions, this.subscriptions, this.invoices, this.paymentIntents, this.refunds,
    ];
  }
}
