import type { MailMessage } from '../message';
import { composeMail } from './layout';

/** Sent to the NEW address of an email change: the change takes effect only through this link. */
export function confirmNewEmailMail(input: { to: string; url: string }): MailMessage {
  return composeMail({
    to: input.to,
    template: 'confirm-new-email',
    subject: 'Confirm your new email address for Entitle',
    paragraphs: ['You asked to use this address for your Entitle account. Confirm it to make the change.'],
    action: { label: 'Use this address', url: input.url },
    after: [
      'The link works once, for 24 hours. Until then you keep signing in with your current address.',
      'If you did not ask for this, ignore this mail: nothing changes without the link.',
    ],
  });
}
