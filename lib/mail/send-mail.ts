import 'server-only';
import { env } from '@/lib/env';
import type { MailMessage } from './message';
import { createMailTransport, type MailTransport } from './transports';

/**
 * The mail module's interface (everything else in lib/mail is behind it):
 *
 *   import { sendMail } from '@/lib/mail/send-mail';
 *   import { resetPasswordMail } from '@/lib/mail/templates/reset-password';
 *   await sendMail(resetPasswordMail({ to, url }));
 *
 * - `sendMail(message: MailMessage): Promise<void>` delivers one mail and resolves once the
 *   transport took it (SMTP server answered 250, Resend answered, or the row is written); it
 *   rejects when delivery failed. Server-only.
 * - `MailMessage` (lib/mail/message.ts) is `{ to, subject, text, html, template }`.
 * - Templates: one file per mail in lib/mail/templates/, named for the mail (`reset-password.ts`),
 *   exporting a function `xyzMail(input): MailMessage` that calls `composeMail` (templates/layout.ts)
 *   with `template` set to the file's name. `composeMail` writes the text and HTML parts from the
 *   same words and escapes the HTML. Links are absolute, built from the site's configured origin
 *   (`mailLink` in lib/mail/links.ts), never from request headers. No secrets in a mail: no
 *   password, no token but the one in its link.
 * - Transport (lib/env.ts decides): SMTP_URL → SMTP through nodemailer; RESEND_API_KEY → Resend;
 *   MAIL=disabled → nothing sent (logged); none of these outside production → the local mailbox:
 *   a row in `mail_message`, shown at /dev/mailbox. Production refuses to start with none.
 * - Tests read the mailbox with `latestMail(to, template?)` (tests/support/mailbox.ts); the
 *   browser journeys, whose production server sends through SMTP to a capturing server, with
 *   tests/e2e/support/mailbox.ts.
 */

let transport: MailTransport | undefined;

export async function sendMail(message: MailMessage): Promise<void> {
  transport ??= createMailTransport(env.mail);
  await transport.send({ ...message, from: env.mail.from });
}

/** Which transport this server sends through (the mailbox page says so). */
export function mailTransportKind(): MailTransport['kind'] {
  return env.mail.transport;
}
