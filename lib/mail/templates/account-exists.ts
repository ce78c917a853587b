import { createTranslator } from 'next-intl';
import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/locales';
import { MESSAGES } from '@/lib/i18n/messages';
import type { MailMessage } from '../message';
import { composeMail } from './layout';

/**
 * Sent instead of a verification link when someone signs up with an address that already has an
 * account: the sign-up page says "check your email" either way, so only the owner learns this.
 */
export function accountExistsMail(input: { to: string; signInUrl: string; resetUrl: string; locale?: Locale }): MailMessage {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: 'auth.mail.accountExists' });
  return composeMail({
    to: input.to,
    locale,
    template: 'account-exists',
    subject: t('subject'),
    paragraphs: [t('body'), t('reset', { url: input.resetUrl })],
    action: { label: t('action'), url: input.signInUrl },
    after: [t('notYou')],
  });
}
