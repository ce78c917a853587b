import { createTranslator } from 'next-intl';
import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/locales';
import { MESSAGES } from '@/lib/i18n/messages';
import type { MailMessage } from '../message';
import { composeMail } from './layout';

/** Sent to the NEW address of an email change: the change takes effect only through this link. */
export function confirmNewEmailMail(input: { to: string; url: string; locale?: Locale }): MailMessage {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: 'auth.mail.confirmNewEmail' });
  return composeMail({
    to: input.to,
    locale,
    template: 'confirm-new-email',
    subject: t('subject'),
    paragraphs: [t('body')],
    action: { label: t('action'), url: input.url },
    after: [t('lasts'), t('notYou')],
  });
}
