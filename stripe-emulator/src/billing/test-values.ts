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

const CARD_RULES: Record<string, Classified> = {
  '4000000000009995': { rejectNow: INSUFFICIENT, requiresAction: false, charge: { kind: 'decline', decline: INSUFFICIENT } },
  '4000000000000002': { rejectNow: GENERIC, requiresAction: false, charge: { kind: 'decline', decline: GENERIC } },
  '4000000000009987': { rejectNow: { code: 'card_declined', declineCode: 'lost_card', message: 'Your card was declined.' }, requiresAction: false, charge: { kind: 'decline', decline: GENERIC } },
  '4000000000000069': { rejectNow: { code: 'expired_card', message: 'Your card has expired.' }, requiresAction: false, charge: { kind: 'decline', decline: GENERIC } },
  '4000000000000127': { rejectNow: { code: 'incorrect_cvc', message: "Your card's security code is incorrect." }, requiresAction: false, charge: { kind: 'decline', decline: GENERIC } },
  // Attaching succeeds; every charge, including the first one in Checkout, is declined.
  '4000000000000341': { requiresAction: false, charge: { kind: 'decline', decline: GENERIC } },
  // Authentication on the first payment; saved for off-session use, renewals then succeed.
  '4000002500003155': { requiresAction: true, charge: { kind: 'succeed' } },
};

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
  return 'unknown';
}

export function cardFunding(number: string): string {
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

/** Stripe's magic test payment method ids, usable wherever a payment method id is accepted. */
export const MAGIC_PAYMENT_METHODS: Record<string, string> = {
  pm_card_visa: '4242424242424242',
  pm_card_mastercard: '5555555555554444',
  pm_card_amex: '378282246310005',
  pm_card_visa_debit: '4000056655665556',
  pm_card_chargeCustomerFail: '4000000000000341',
  pm_card_visa_chargeDeclined: '4000000000000002',
  pm_card_visa_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_threeDSecure2Required: '4000002500003155',
};

export const TEST_TOKENS: Record<string, string> = {
  tok_visa: '4242424242424242',
  tok_mastercard: '5555555555554444',
  tok_chargeCustomerFail: '4000000000000341',
  tok_chargeDeclined: '4000000000000002',
  tok_chargeDeclinedInsufficientFunds: '4000000000009995',
  tok_threeDSecure2Required: '4000002500003155',
};
