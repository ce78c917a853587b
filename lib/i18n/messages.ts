import enAccount from '@/messages/en/account.json';
import enAuth from '@/messages/en/auth.json';
import enBilling from '@/messages/en/billing.json';
import enCommon from '@/messages/en/common.json';
import enDashboard from '@/messages/en/dashboard.json';
import enMarketing from '@/messages/en/marketing.json';
import enValidation from '@/messages/en/validation.json';
import frAccount from '@/messages/fr/account.json';
import frAuth from '@/messages/fr/auth.json';
import frBilling from '@/messages/fr/billing.json';
import frCommon from '@/messages/fr/common.json';
import frDashboard from '@/messages/fr/dashboard.json';
import frMarketing from '@/messages/fr/marketing.json';
import frValidation from '@/messages/fr/validation.json';
import type { Locale } from './locales';

// One file per area and language, so that each area's texts are read and translated together.
// English is the reference: tests/i18n/messages.test.ts checks that every language has exactly
// its keys and placeholders.
const en = {
  common: enCommon,
  auth: enAuth,
  account: enAccount,
  billing: enBilling,
  dashboard: enDashboard,
  marketing: enMarketing,
  validation: enValidation,
};

export type Messages = typeof en;

export const MESSAGES: Record<Locale, Messages> = {
  en,
  fr: {
    common: frCommon,
    auth: frAuth,
    account: frAccount,
    billing: frBilling,
    dashboard: frDashboard,
    marketing: frMarketing,
    validation: frValidation,
  },
};
