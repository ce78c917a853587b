import { createTranslator } from 'next-intl';
import { UserFacingError } from '@/lib/errors';
import type { Locale } from '@/lib/i18n/locales';
import { MESSAGES } from '@/lib/i18n/messages';

type ErrorKey = keyof (typeof MESSAGES)['en']['billing']['errors'];

/** What went wrong, as a key of the billing messages' `errors` and the values it is written with. */
export type BillingErrorText =
  | { key: 'alreadyOnPlan'; values: { plan: string } }
  | { key: 'cardDeclined'; values: { reason: string } }
  | { key: Exclude<ErrorKey, 'alreadyOnPlan' | 'cardDeclined'>; values?: undefined };

/** The error's text in `locale`. */
export function billingErrorMessage(text: BillingErrorText, locale: Locale): string {
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: 'billing.errors' });
  switch (text.key) {
    case 'alreadyOnPlan':
      return t(text.key, text.values);
    case 'cardDeclined':
      return t(text.key, text.values);
    default:
      return t(text.key);
  }
}

/**
 * A billing rule the user ran into, said in their words. The domain throws it without knowing
 * the request's language: its message is the English text (for logs), and the billing actions and
 * pages say `text` in the request's language (lib/billing/actions/billing-action.ts).
 */
export class BillingError extends UserFacingError {
  override name = 'BillingError';

  constructor(readonly text: BillingErrorText) {
    super(billingErrorMessage(text, 'en'));
  }
}
