import { createTranslator } from 'next-intl';
import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/locales';
import { MESSAGES } from '@/lib/i18n/messages';
import type { MailMessage } from '../message';
import { composeMail } from './layout';

/** The link that proves a new account's address is its owner's (lib/auth/email-verification.ts). */
export function verifyEmailMail(input: { to: string; url: string; locale?: Locale }): MailMessage {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: 'auth.mail.verifyEmail' });
  return composeMail({
    to: input.to,
    locale,
    template: 'verify-email',
    subject: t('subject'),
    paragraphs: [t('body')],
    action: { label: t('action'), url: input.url },
    after: [t('lasts'), t('notYou')],
  });
}
