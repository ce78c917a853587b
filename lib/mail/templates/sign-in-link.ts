import { createTranslator } from 'next-intl';
import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/locales';
import { MESSAGES } from '@/lib/i18n/messages';
import type { MailMessage } from '../message';
import { composeMail } from './layout';

/** A magic sign-in link (Auth.js's email provider, lib/auth/magic-link.ts). */
export function signInLinkMail(input: { to: string; url: string; minutes: number; locale?: Locale }): MailMessage {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: 'auth.mail.signInLink' });
  return composeMail({
    to: input.to,
    locale,
    template: 'sign-in-link',
    subject: t('subject'),
    paragraphs: [t('body')],
    action: { label: t('action'), url: input.url },
    after: [t('lasts', { minutes: input.minutes }), t('notYou')],
  });
}

/**
 * Sent instead of a link when no account has the address: the person who asked learns it on
 * their own mailbox, never on the page (which says the same for every address).
 */
export function signInNoAccountMail(input: { to: string; signUpUrl: string; locale?: Locale }): MailMessage {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: 'auth.mail.signInNoAccount' });
  return composeMail({
    to: input.to,
    locale,
    template: 'sign-in-no-account',
    subject: t('subject'),
    paragraphs: [t('body')],
    action: { label: t('action'), url: input.signUpUrl },
    after: [t('notYou')],
  });
}

/**
 * Sent instead of a link when the account's address was never confirmed: whoever made the
 * account may not own the address, so a link sign-in would share the account with them. Choosing
 * a password here confirms the address and signs everyone else out.
 */
export function signInUnconfirmedMail(input: { to: string; url: string; locale?: Locale }): MailMessage {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: 'auth.mail.signInUnconfirmed' });
  return composeMail({
    to: input.to,
    locale,
    template: 'sign-in-unconfirmed',
    subject: t('subject'),
    paragraphs: [t('body'), t('choose')],
    action: { label: t('action'), url: input.url },
    after: [t('lasts'), t('notYou')],
  });
}
