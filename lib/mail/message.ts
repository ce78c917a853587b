/**
 * A mail as a template renders it (lib/mail/templates): one recipient, a plain-text part and a
 * simple HTML part saying the same, and the template's name (kept by the local mailbox, sent as
 * a header by the others, so tests can tell mails apart). The sender comes from MAIL_FROM.
 */
export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The template's file name in lib/mail/templates, e.g. 'reset-password'. */
  template: string;
};

/** The absolute http(s) links in a mail's text, in order: what a reader can click. */
export function linksIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s<>"')]+/g)].map((match) => match[0]);
}
