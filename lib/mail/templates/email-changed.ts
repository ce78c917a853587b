import type { MailMessage } from '../message';
import { composeMail } from './layout';

/** Tells the OLD address that the account now uses another one, so a takeover does not go unnoticed. */
export function emailChangedMail(input: { to: string; newEmail: string; resetUrl: string }): MailMessage {
  return composeMail({
    to: input.to,
    template: 'email-changed',
    subject: 'Your Entitle email address was changed',
    paragraphs: [
      `Your Entitle account now uses ${input.newEmail}. Sign in with that address from now on; mail about your account and your receipts go there too.`,
      `If you did not make this change, reset your password at once: ${input.resetUrl}`,
    ],
  });
}
