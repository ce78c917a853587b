import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/locales';
import { MESSAGES } from '@/lib/i18n/messages';
import type { MailMessage } from '../message';

/**
 * The one layout every template uses: a few paragraphs, at most one button-like link, and a
 * closing line, rendered as plain text and as simple HTML from the same words. Everything put
 * into the HTML is escaped here, so a name or an address typed by a user cannot add markup.
 * Templates never put secrets in a mail: no password, no token but the one in `action.url`.
 */
export type MailContent = {
  to: string;
  /** The language the mail is written in (the words around the template's own, and `lang`). */
  locale?: Locale;
  template: string;
  subject: string;
  /** Opening line; "Hello," in the mail's language unless given. */
  greeting?: string;
  paragraphs: string[];
  /** The one link the mail is about. */
  action?: { label: string; url: string };
  /** Said after the link: how long it lasts, what to do if it was not you. */
  after?: string[];
};

const APP_NAME = 'Entitle';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function composeMail(content: MailContent): MailMessage {
  const { to, locale = DEFAULT_LOCALE, template, subject, paragraphs, action, after = [] } = content;
  // Plain texts without arguments, read as they are written: the layout stays synchronous for the
  // mails sent outside any request (lib/billing/sync/lifecycle-mails.ts).
  const words = MESSAGES[locale].auth.mail.layout;
  const greeting = content.greeting ?? words.hello;
  const text = [
    greeting,
    ...paragraphs,
    ...(action ? [`${action.label}:\n${action.url}`] : []),
    ...after,
    `— ${APP_NAME}`,
  ].join('\n\n');

  const p = (words: string) => `<p style="margin:0 0 16px">${escapeHtml(words)}</p>`;
  const button = action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="background:#18181b;color:#ffffff;padding:12px 20px;border-radius:8px;text-decoration:none;display:inline-block">${escapeHtml(action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:13px;color:#52525b">${escapeHtml(words.pasteLink)}<br><span style="word-break:break-all">${escapeHtml(action.url)}</span></p>`
    : '';
  const html = [
    '<!doctype html>',
    `<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f4f4f5;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#18181b;line-height:1.5">',
    '<div style="max-width:520px;margin:0 auto;background:#ffffff;border-radius:12px;padding:32px">',
    p(greeting),
    ...paragraphs.map(p),
    button,
    ...after.map(p),
    `<p style="margin:24px 0 0;color:#52525b">— ${APP_NAME}</p>`,
    '</div></body></html>',
  ].join('');
  return { to, subject, text, html, template };
}
