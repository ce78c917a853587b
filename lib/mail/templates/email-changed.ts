import { createTranslator } from 'next-intl';
import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/locales';
import { MESSAGES } from '@/lib/i18n/messages';
import type { MailMessage } from '../message';
import { composeMail } from './layout';

/** Tells the OLD address that the account now uses another one, so a takeover does not go unnoticed. */
export function emailChangedMail(input: { to: string; newEmail: string; resetUrl: string; locale?: Locale }): MailMessage {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: 'auth.mail.emailChanged' });
  return composeMail({
    to: input.to,
    locale,
    template: 'email-changed',
    subject: t('subject'),
    paragraphs: [t('body', { email: input.newEmail }), t('notYou', { url: input.resetUrl })],
  });
}
