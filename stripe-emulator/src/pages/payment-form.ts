import type { CheckoutPayment } from '../billing/checkout-complete.js';
import type { FormObject } from '../http/parse-form.js';

// The hosted forms' fields, read the same way by the checkout, portal and invoice pages; a module of
// its own so those pages do not import one another.

export function field(form: FormObject, key: string): string {
  const v = form[key];
  return typeof v === 'string' ? v.trim() : '';
}

function parseExpiry(raw: string): { expMonth?: number; expYear?: number } {
  const m = /^(\d{1,2})\s*\/?\s*(\d{2}|\d{4})$/.exec(raw.replace(/\s+/g, ''));
  if (!m) return {};
  const year = Number(m[2]);
  return { expMonth: Number(m[1]), expYear: year < 100 ? 2000 + year : year };
}

/** Turns the hosted form into the same PaymentInput the test API takes. */
export function paymentFromForm(form: FormObject): CheckoutPayment | { klarnaEmailOnly: string } {
  const method = field(form, 'method');
  switch (method) {
    case 'sepa_debit':
      return { type: 'sepa_debit', iban: field(form, 'iban'), name: field(form, 'sepa_name') || undefined, email: field(form, 'sepa_email') || undefined };
    case 'au_becs_debit':
      return { type: 'au_becs_debit', bsbNumber: field(form, 'bsb'), accountNumber: field(form, 'account'), name: field(form, 'becs_name') || undefined, email: field(form, 'becs_email') || undefined };
    case 'klarna': {
      const email = field(form, 'klarna_email');
      const code = field(form, 'klarna_code');
      return code ? { type: 'klarna', email, code } : { klarnaEmailOnly: email };
    }
    case 'none':
      return { type: 'none' };
    default:
      return { type: 'card', number: field(form, 'card_number').replace(/\s/g, ''), ...parseExpiry(field(form, 'card_exp')), cvc: field(form, 'card_cvc') || undefined };
  }
}
