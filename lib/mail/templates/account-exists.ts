import type { MailMessage } from '../message';
import { composeMail } from './layout';

/**
 * Sent instead of a verification link when someone signs up with an address that already has an
 * account: the sign-up page says "check your email" either way, so only the owner learns this.
 */
export function accountExistsMail(input: { to: string; signInUrl: string; resetUrl: string }): MailMessage {
  return composeMail({
    to: input.to,
    template: 'account-exists',
    subject: 'You already have an Entitle account',
    paragraphs: [
      'Someone (we hope you) just tried to create an Entitle account with this address. There already is one, so nothing was created.',
      `If you forgot your password, choose a new one here: ${input.resetUrl}`,
    ],
    action: { label: 'Sign in', url: input.signInUrl },
    after: ['If this was not you, you can ignore this mail: your account is unchanged.'],
  });
}
