import { createTranslator } from 'next-intl';
import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/locales';
import { MESSAGES } from '@/lib/i18n/messages';
import type { MailMessage } from '../message';
import { composeMail } from './layout';

/** For accounts without a password (GitHub): the link that confirms deleting the account. */
export function confirmAccountDeletionMail(input: { to: string; url: string; locale?: Locale }): MailMessage {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: 'auth.mail.confirmAccountDeletion' });
  return composeMail({
    to: input.to,
    locale,
    template: 'confirm-account-deletion',
    subject: t('subject'),
    paragraphs: [t('body')],
    action: { label: t('action'), url: input.url },
    after: [t('lasts')],
  });
}
