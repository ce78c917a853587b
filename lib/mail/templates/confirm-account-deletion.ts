import type { MailMessage } from '../message';
import { composeMail } from './layout';

/** For accounts without a password (GitHub): the link that confirms deleting the account. */
export function confirmAccountDeletionMail(input: { to: string; url: string }): MailMessage {
  return composeMail({
    to: input.to,
    template: 'confirm-account-deletion',
    subject: 'Confirm deleting your Entitle account',
    paragraphs: [
      'You asked to delete your Entitle account. Deleting it cancels your subscription at once, without a refund for the rest of the period, and removes your data. It cannot be undone.',
    ],
    action: { label: 'Review and delete my account', url: input.url },
    after: ['The link works once, for one hour, while you are signed in. If you did not ask for this, ignore this mail.'],
  });
}
