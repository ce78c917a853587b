import type { MailMessage } from '../message';
import { composeMail } from './layout';

/** The link that proves a new account's address is its owner's (lib/auth/email-verification.ts). */
export function verifyEmailMail(input: { to: string; url: string }): MailMessage {
  return composeMail({
    to: input.to,
    template: 'verify-email',
    subject: 'Confirm your email address for Entitle',
    paragraphs: ['Thanks for creating an Entitle account. Please confirm that this address is yours.'],
    action: { label: 'Confirm my email address', url: input.url },
    after: [
      'The link works once, for 24 hours. You need a confirmed address before you subscribe.',
      'If you did not create an account, ignore this mail: nothing happens without the link.',
    ],
  });
}
