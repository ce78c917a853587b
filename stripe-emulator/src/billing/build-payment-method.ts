import type Stripe from 'stripe';
import { newId } from '../core/ids.js';
import { cardBrand, cardFunding, type PaymentInput } from './test-values.js';

export function billingDetails(name?: string, email?: string): Stripe.PaymentMethod.BillingDetails {
  return { address: null, email: email ?? null, name: name ?? null, phone: null, tax_id: null };
}

/** Builds the payment method a customer would get from entering `input`; nothing is stored. */
export function buildPaymentMethod(input: PaymentInput, created: number): Stripe.PaymentMethod {
  const base = { id: newId('pm'), object: 'payment_method' as const, created, customer: null, customer_account: null, livemode: false, metadata: {} };
  switch (input.type) {
    case 'card': {
      const number = input.number.replace(/[\s-]/g, '');
      const now = new Date(created * 1000);
      return {
        ...base,
        type: 'card',
        billing_details: billingDetails(),
        allow_redisplay: 'unspecified',
        card: {
          brand: cardBrand(number),
          checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: input.cvc ? 'pass' : null },
          country: 'US',
          display_brand: cardBrand(number),
          exp_month: input.expMonth ?? 12,
          exp_year: input.expYear ?? now.getUTCFullYear() + 1,
          fingerprint: number.slice(-8),
          funding: cardFunding(number),
          generated_from: null,
          last4: number.slice(-4),
          networks: { available: [cardBrand(number)], preferred: null },
          regulated_status: 'unregulated',
          three_d_secure_usage: { supported: true },
          wallet: null,
        },
      };
    }
    case 'sepa_debit': {
      const iban = input.iban.replace(/\s/g, '').toUpperCase();
      return {
        ...base,
        type: 'sepa_debit',
        billing_details: billingDetails(input.name, input.email),
        sepa_debit: { bank_code: iban.slice(4, 9), branch_code: '', country: iban.slice(0, 2), fingerprint: iban.slice(-8), generated_from: null, last4: iban.slice(-4) },
      };
    }
    case 'au_becs_debit':
      return {
        ...base,
        type: 'au_becs_debit',
        billing_details: billingDetails(input.name, input.email),
        au_becs_debit: { bsb_number: input.bsbNumber.replace(/[\s-]/g, ''), fingerprint: input.accountNumber.slice(-8), last4: input.accountNumber.slice(-4) },
      };
    case 'klarna':
      return { ...base, type: 'klarna', billing_details: billingDetails(undefined, input.email), klarna: { dob: null } };
  }
}
