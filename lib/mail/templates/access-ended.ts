import type { MailMessage } from '../message';
import { composeMail } from './layout';

/** When Stripe's entitlements for a user's subscription end (lib/billing/sync/lifecycle-mails.ts). */
export function accessEndedMail(input: { to: string; name: string | null; pricingUrl: string }): MailMessage {
  return composeMail({
    to: input.to,
    template: 'access-ended',
    subject: 'Your Entitle subscription has ended',
    greeting: input.name ? `Hello ${input.name},` : 'Hello,',
    paragraphs: [
      'Your subscription has ended, and with it access to the paid parts of Entitle. Your account and your invoices stay where they are.',
      'You can subscribe again at any time.',
    ],
    action: { label: 'See the plans', url: input.pricingUrl },
  });
}
