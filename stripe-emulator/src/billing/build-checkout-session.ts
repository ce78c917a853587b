import type Stripe from 'stripe';

export interface NewCheckoutSession {
  id: string;
  created: number;
  customer: string | null;
  customerEmail: string | null;
  clientReferenceId: string | null;
  currency: string;
  amountSubtotal: number;
  amountTotal: number;
  metadata: Stripe.Metadata;
  allowPromotionCodes: boolean | null;
  paymentMethodCollection: Stripe.Checkout.Session.PaymentMethodCollection;
  paymentMethodTypes: string[];
  successUrl: string | null;
  cancelUrl: string | null;
  returnUrl: string | null;
  uiMode: Stripe.Checkout.Session.UiMode;
  url: string | null;
  clientSecret: string | null;
  expiresAt: number;
  /** What the hosted page is written in (null: Stripe's `auto`, the browser's language). */
  locale: Stripe.Checkout.Session.Locale | null;
}

export function buildCheckoutSession(s: NewCheckoutSession): Stripe.Checkout.Session {
  return {
    id: s.id,
    object: 'checkout.session',
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: s.allowPromotionCodes,
    allowed_payment_method_types: null,
    amount_subtotal: s.amountSubtotal,
    amount_total: s.amountTotal,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: s.cancelUrl,
    client_reference_id: s.clientReferenceId,
    client_secret: s.clientSecret,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: s.created,
    currency: s.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: s.customer,
    customer_account: null,
    customer_creation: s.customer ? null : 'always',
    customer_details: s.customerEmail
      ? { address: null, business_name: null, email: s.customerEmail, individual_name: null, name: null, phone: null, tax_exempt: 'none', tax_ids: [] }
      : null,
    customer_email: s.customerEmail,
    discounts: [],
    expires_at: s.expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: s.locale,
    managed_payments: null,
    metadata: s.metadata,
    mode: 'subscription',
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: s.paymentMethodCollection,
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: s.paymentMethodTypes,
    payment_status: 'unpaid',
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: { allow_redisplay_filters: ['always'], payment_method_remove: null, payment_method_save: null },
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: s.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: s.uiMode,
    url: s.url,
    wallet_options: null,
    ...(s.returnUrl ? { return_url: s.returnUrl } : {}),
  };
}
