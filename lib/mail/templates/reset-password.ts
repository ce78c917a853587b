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

/**
 * Sent instead when no account uses the address: the same work and the same answer on the page
 * for every address, and the person who asked learns why no link came.
 */
export function resetPasswordNoAccountMail(input: { to: string; signUpUrl: string }): MailMessage {
  return composeMail({
    to: input.to,
    template: 'reset-password-no-account',
    subject: 'Reset your Entitle password',
    paragraphs: ['Someone (we hope you) asked to reset the password of an Entitle account with this address, but no account uses it.'],
    action: { label: 'Create an account', url: input.signUpUrl },
    after: ['If you did not ask for this, ignore this mail.'],
  });
}
