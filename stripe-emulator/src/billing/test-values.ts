/**
 * Stripe's documented test-mode values (docs.stripe.com/testing) and what each one does.
 * The behaviour of a saved payment method is decided once, here, and kept in the store
 * because the object itself only shows last4.
 */
export type PaymentInput =
  | { type: 'card'; number: string; expMonth?: number; expYear?: number; cvc?: string }
  | { type: 'sepa_debit'; iban: string; name?: string; email?: string }
  | { type: 'au_becs_debit'; bsbNumber: string; accountNumber: string; name?: string; email?: string }
  | { type: 'klarna'; email: string; code?: string };

export interface Decline {
  code: string;
  declineCode?: string;
  message: string;
}

/** What happens when a saved method is charged (renewals, invoice pay, the first checkout charge). */
export type ChargeBehaviour =
  | { kind: 'succeed' }
  | { kind: 'decline'; decline: Decline }
  /** The bank asks for 3-D Secure: the PaymentIntent waits in `requires_action`. */
  | { kind: 'authenticate' }
  | { kind: 'async'; outcome: 'succeeded' | 'failed'; delaySeconds: number; failure?: Decline };

export interface Classified {
  /** Refused before anything is created (bad number, instant decline at confirmation). */
  rejectNow?: Decline;
  /** Needs a 3-D Secure challenge on the first, on-session payment. */
  requiresAction: boolean;
  charge: ChargeBehaviour;
}

const INSUFFICIENT: Decline = { code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' };
const GENERIC: Decline = { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' };

/** Stripe settles these test bank debits "after about three minutes". */
export const ASYNC_DELAY_SECONDS = 180;

function declines(decline: Decline): Classified {
  return { rejectNow: decline, requiresAction: false, charge: { kind: 'decline', decline } };
}

const CARD_RULES: Record<string, Classified> = {
  '4000000000009995': declines(INSUFFICIENT),
  '4000000000000002': declines(GENERIC),
  '4000000000009987': declines({ code: 'card_declined', declineCode: 'lost_card', message: 'Your card was declined.' }),
  '4000000000009979': declines({ code: 'card_declined', declineCode: 'stolen_card', message: 'Your card was declined.' }),
  '4000000000000069': declines({ code: 'expired_card', message: 'Your card has expired.' }),
  '4000000000000127': declines({ code: 'incorrect_cvc', message: "Your card's security code is incorrect." }),
  '4000000000000119': declines({ code: 'processing_error', message: 'An error occurred while processing your card. Try again in a little bit.' }),
  '4000000000006975': declines({ code: 'card_declined', declineCode: 'card_velocity_exceeded', message: 'Your card was declined for making repeated attempts too frequently or exceeding its amount limit.' }),
  // Radar's "always blocked" card.
  '4100000000000019': declines({ code: 'card_declined', declineCode: 'fraudulent', message: 'Your card was declined.' }),
  // Attaching succeeds; every charge, including the first one in Checkout, is declined.
  '4000000000000341': { requiresAction: false, charge: { kind: 'decline', decline: GENERIC } },
  // "Authenticate unless set up": the first payment asks for 3-D Secure; once set up (Checkout
  // does that) off-session renewals succeed. Saved only through the API it was never set up.
  '4000002500003155': { requiresAction: true, charge: { kind: 'succeed' } },
  // "Always authenticate" and the 3-D Secure (2) required cards: every payment, renewals
  // included, waits for authentication.
  '4000002760003184': { requiresAction: true, charge: { kind: 'authenticate' } },
  '4000000000003220': { requiresAction: true, charge: { kind: 'authenticate' } },
  '4000000000003063': { requiresAction: true, charge: { kind: 'authenticate' } },
  // Authentication succeeds, then the bank declines for insufficient funds.
  '4000008260003178': { requiresAction: true, charge: { kind: 'decline', decline: INSUFFICIENT } },
};

/**
 * How a card saved through the API behaves: nothing has set it up for off-session use, so a
 * card that asks for authentication on a first payment asks on every payment.
 */
export function savedThroughApi(classified: Classified): Classified {
  return classified.requiresAction && classified.charge.kind === 'succeed' ? { ...classified, charge: { kind: 'authenticate' } } : classified;
}

export function luhnValid(number: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = number.length - 1; i >= 0; i--) {
    let d = Number(number[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return number.length >= 12 && sum % 10 === 0;
}

export function cardBrand(number: string): string {
  if (/^4/.test(number)) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  if (/^(6011|65)/.test(number)) return 'discover';
  if (/^3(0[0-5]|[68])/.test(number)) return 'diners';
  if (/^35/.test(number)) return 'jcb';
  if (/^62/.test(number)) return 'unionpay';
  return 'unknown';
}

export function cardFunding(number: string): string {
  if (number === '5105105105105100') return 'prepaid';
  return number === '4000056655665556' || number === '5200828282828210' ? 'debit' : 'credit';
}

function classifyCard(input: Extract<PaymentInput, { type: 'card' }>, now: Date): Classified {
  const number = input.number.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(number) || !luhnValid(number)) {
    return { rejectNow: { code: 'incorrect_number', message: 'Your card number is incorrect.' }, requiresAction: false, charge: { kind: 'succeed' } };
  }
  const year = input.expYear ?? now.getUTCFullYear() + 1;
  const month = input.expMonth ?? 12;
  if (month < 1 || month > 12) return { rejectNow: { code: 'invalid_expiry_month', message: "Your card's expiration month is invalid." }, requiresAction: false, charge: { kind: 'succeed' } };
  if (year < now.getUTCFullYear() || (year === now.getUTCFullYear() && month < now.getUTCMonth() + 1)) {
    return { rejectNow: { code: 'invalid_expiry_year', message: "Your card's expiration year is in the past." }, requiresAction: false, charge: { kind: 'succeed' } };
  }
  if (input.cvc !== undefined && input.cvc !== '' && !/^\d{3,4}$/.test(input.cvc)) {
    return { rejectNow: { code: 'invalid_cvc', message: "Your card's security code is invalid." }, requiresAction: false, charge: { kind: 'succeed' } };
  }
  return CARD_RULES[number] ?? { requiresAction: false, charge: { kind: 'succeed' } };
}

function asyncResult(outcome: 'succeeded' | 'failed', delaySeconds: number, failure?: Decline): Classified {
  return { requiresAction: false, charge: { kind: 'async', outcome, delaySeconds, ...(failure ? { failure } : {}) } };
}

export function classify(input: PaymentInput, now: Date): Classified {
  switch (input.type) {
    case 'card':
      return classifyCard(input, now);
    case 'sepa_debit': {
      const iban = input.iban.replace(/\s/g, '').toUpperCase();
      if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) {
        return { rejectNow: { code: 'invalid_bank_account_iban', message: 'The IBAN you entered is invalid.' }, requiresAction: false, charge: { kind: 'succeed' } };
      }
      if (iban === 'AT861904300235473202') return asyncResult('failed', ASYNC_DELAY_SECONDS, { code: 'generic_decline', message: 'The payment failed.' });
      if (iban === 'AT611904300234573201') return asyncResult('succeeded', 0);
      return asyncResult('succeeded', ASYNC_DELAY_SECONDS);
    }
    case 'au_becs_debit': {
      const bsb = input.bsbNumber.replace(/[\s-]/g, '');
      const account = input.accountNumber.replace(/\s/g, '');
      if (!/^\d{6}$/.test(bsb) || !/^\d{5,9}$/.test(account)) {
        return { rejectNow: { code: 'invalid_bank_account', message: 'The BSB or account number is invalid.' }, requiresAction: false, charge: { kind: 'succeed' } };
      }
      if (account === '111111113') return asyncResult('failed', ASYNC_DELAY_SECONDS, { code: 'account_closed', message: "The customer's bank account has been closed." });
      if (account === '000123456') return asyncResult('succeeded', 0);
      return asyncResult('succeeded', ASYNC_DELAY_SECONDS);
    }
    case 'klarna': {
      const email = input.email.trim().toLowerCase();
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
        return { rejectNow: { code: 'email_invalid', message: 'Enter a valid email address.' }, requiresAction: false, charge: { kind: 'succeed' } };
      }
      if (input.code !== undefined) {
        if (!/^\d{6}$/.test(input.code)) return { rejectNow: { code: 'payment_method_authentication_failure', message: 'Enter the six-digit code.' }, requiresAction: false, charge: { kind: 'succeed' } };
        if (input.code === '999999') return { rejectNow: { code: 'payment_method_authentication_failure', message: 'The verification code is incorrect.' }, requiresAction: false, charge: { kind: 'succeed' } };
      }
      if (email.split('@')[0]?.includes('+denied')) {
        return { rejectNow: { code: 'payment_method_provider_decline', message: 'Klarna declined this payment.' }, requiresAction: false, charge: { kind: 'succeed' } };
      }
      return { requiresAction: false, charge: { kind: 'succeed' } };
    }
  }
}

/**
 * Stripe's test PaymentMethod ids (docs.stripe.com/testing), usable wherever a payment method
 * id is accepted; each stands for one test card number, so it behaves as that number does.
 * The `pm_card_visa_*` names and the shorter `pm_card_*` names are both in use.
 */
export const MAGIC_PAYMENT_METHODS: Record<string, string> = {
  pm_card_visa: '4242424242424242',
  pm_card_visa_debit: '4000056655665556',
  pm_card_mastercard: '5555555555554444',
  pm_card_mastercard_debit: '5200828282828210',
  pm_card_mastercard_prepaid: '5105105105105100',
  pm_card_amex: '378282246310005',
  pm_card_discover: '6011111111111117',
  pm_card_diners: '3056930009020004',
  pm_card_jcb: '3566002020360505',
  pm_card_unionpay: '6200000000000005',
  pm_card_bypassPending: '4000000000000077',
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_visa_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_visa_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_chargeDeclinedLostCard: '4000000000009987',
  pm_card_visa_chargeDeclinedLostCard: '4000000000009987',
  pm_card_chargeDeclinedStolenCard: '4000000000009979',
  pm_card_visa_chargeDeclinedStolenCard: '4000000000009979',
  pm_card_chargeDeclinedExpiredCard: '4000000000000069',
  pm_card_chargeDeclinedIncorrectCvc: '4000000000000127',
  pm_card_chargeDeclinedProcessingError: '4000000000000119',
  pm_card_visa_chargeDeclinedVelocityLimitExceeded: '4000000000006975',
  pm_card_chargeDeclinedFraudulent: '4100000000000019',
  pm_card_radarBlock: '4100000000000019',
  pm_card_chargeCustomerFail: '4000000000000341',
  pm_card_authenticationRequiredOnSetup: '4000002500003155',
  pm_card_authenticationRequired: '4000002760003184',
  pm_card_authenticationRequiredChargeDeclinedInsufficientFunds: '4000008260003178',
  pm_card_threeDSecure2Required: '4000000000003220',
  pm_card_threeDSecureRequired: '4000000000003063',
};

/** Stripe's test card tokens, for `source` on a customer and `card[token]` on a PaymentMethod. */
export const TEST_TOKENS: Record<string, string> = {
  tok_visa: '4242424242424242',
  tok_visa_debit: '4000056655665556',
  tok_mastercard: '5555555555554444',
  tok_mastercard_debit: '5200828282828210',
  tok_mastercard_prepaid: '5105105105105100',
  tok_amex: '378282246310005',
  tok_discover: '6011111111111117',
  tok_diners: '3056930009020004',
  tok_jcb: '3566002020360505',
  tok_unionpay: '6200000000000005',
  tok_bypassPending: '4000000000000077',
  tok_chargeDeclined: '4000000000000002',
  tok_visa_chargeDeclined: '4000000000000002',
  tok_chargeDeclinedInsufficientFunds: '4000000000009995',
  tok_visa_chargeDeclinedInsufficientFunds: '4000000000009995',
  tok_chargeDeclinedLostCard: '4000000000009987',
  tok_visa_chargeDeclinedLostCard: '4000000000009987',
  tok_chargeDeclinedStolenCard: '4000000000009979',
  tok_visa_chargeDeclinedStolenCard: '4000000000009979',
  tok_chargeDeclinedExpiredCard: '4000000000000069',
  tok_chargeDeclinedIncorrectCvc: '4000000000000127',
  tok_chargeDeclinedProcessingError: '4000000000000119',
  tok_visa_chargeDeclinedVelocityLimitExceeded: '4000000000006975',
  tok_chargeDeclinedFraudulent: '4100000000000019',
  tok_radarBlock: '4100000000000019',
  tok_chargeCustomerFail: '4000000000000341',
  tok_authenticationRequiredOnSetup: '4000002500003155',
  tok_authenticationRequired: '4000002760003184',
  tok_threeDSecure2Required: '4000000000003220',
  tok_threeDSecureRequired: '4000000000003063',
};
