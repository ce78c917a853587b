import 'server-only';
import nodemailer from 'nodemailer';
import { Resend } from 'resend';
import { getDb } from '@/db/client';
import { mailMessages } from '@/db/schema';
import type { MailConfig } from '@/lib/env';
import type { MailMessage } from './message';

export type OutgoingMail = MailMessage & { from: string };

export type MailTransport = {
  kind: MailConfig['transport'];
  send(mail: OutgoingMail): Promise<void>;
};

/** Sent with every mail through SMTP or Resend: which template, so tests and logs can tell them apart. */
export const TEMPLATE_HEADER = 'X-Entitle-Template';

/** The transport `config` asks for (lib/env.ts chooses: SMTP_URL, RESEND_API_KEY, MAIL=disabled, else the mailbox). */
export function createMailTransport(config: MailConfig): MailTransport {
  switch (config.transport) {
    case 'smtp': {
      // Pooled: a burst of mails reuses a few connections instead of a TLS handshake each.
      const smtp = nodemailer.createTransport({ url: config.smtpUrl, pool: true, maxConnections: 3 });
      return {
        kind: 'smtp',
        async send(mail) {
          await smtp.sendMail({
            from: mail.from,
            to: mail.to,
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            headers: { [TEMPLATE_HEADER]: mail.template },
          });
        },
      };
    }
    case 'resend': {
      const resend = new Resend(config.resendApiKey);
      return {
        kind: 'resend',
        async send(mail) {
          // Resend's SDK answers failures as a value, not an exception: a failed send must not look sent.
          const { error } = await resend.emails.send({
            from: mail.from,
            to: mail.to,
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            headers: { [TEMPLATE_HEADER]: mail.template },
          });
          if (error) throw new Error(`Resend refused the "${mail.template}" mail: ${error.name}: ${error.message}`);
        },
      };
    }
    case 'mailbox':
      return {
        kind: 'mailbox',
        async send(mail) {
          await getDb().insert(mailMessages).values({
            to: mail.to,
            from: mail.from,
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            template: mail.template,
          });
        },
      };
    case 'disabled':
      return {
        kind: 'disabled',
        async send(mail) {
          // Neither the address nor the text: the text holds a link that opens the account.
          console.warn(`[entitle] MAIL=disabled: the "${mail.template}" mail was not sent`);
        },
      };
  }
}
