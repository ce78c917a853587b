import { createTranslator } from 'next-intl';
import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/locales';
import { MESSAGES } from '@/lib/i18n/messages';
import type { MailMessage } from '../message';
import { composeMail } from './layout';

/** The reset link asked for on /forgot-password (lib/auth/password-reset.ts). */
export function resetPasswordMail(input: { to: string; url: string; locale?: Locale }): MailMessage {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: 'auth.mail.resetPassword' });
  return composeMail({
    to: input.to,
    locale,
    template: 'reset-password',
    subject: t('subject'),
    paragraphs: [t('body')],
    action: { label: t('action'), url: input.url },
    after: [t('lasts'), t('notYou')],
  });
}

/**
 * Sent instead when no account uses the address: the same work and the same answer on the page
 * for every address, and the person who asked learns why no link came.
 */
export function resetPasswordNoAccountMail(input: { to: string; signUpUrl: string; locale?: Locale }): MailMessage {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: 'auth.mail.resetPasswordNoAccount' });
  return composeMail({
    to: input.to,
    locale,
    template: 'reset-password-no-account',
    subject: t('subject'),
    paragraphs: [t('body')],
    action: { label: t('action'), url: input.signUpUrl },
    after: [t('notYou')],
  });
}
