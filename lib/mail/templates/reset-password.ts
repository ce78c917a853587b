import type { MailMessage } from '../message';
import { composeMail } from './layout';

/** The reset link asked for on /forgot-password (lib/auth/password-reset.ts). */
export function resetPasswordMail(input: { to: string; url: string }): MailMessage {
  return composeMail({
    to: input.to,
    template: 'reset-password',
    subject: 'Reset your Entitle password',
    paragraphs: ['Someone (we hope you) asked to reset the password of your Entitle account.'],
    action: { label: 'Choose a new password', url: input.url },
    after: [
      'The link works once, for one hour. Setting a new password signs you out everywhere else.',
      'If you did not ask for this, ignore this mail: your password stays as it is.',
    ],
  });
}
