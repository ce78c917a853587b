import type { MailMessage } from '../message';
import { composeMail } from './layout';

/**
 * After a user's first subscription starts (lib/billing/sync/lifecycle-mails.ts). Stripe sends the
 * receipt itself; this says only what Stripe cannot: where to find what was bought.
 */
export function welcomeMail(input: { to: string; name: string | null; dashboardUrl: string }): MailMessage {
  return composeMail({
    to: input.to,
    template: 'welcome',
    subject: 'Welcome to Entitle',
    greeting: input.name ? `Hello ${input.name},` : 'Hello,',
    paragraphs: [
      'Your subscription is active, and everything in your plan is open to you now.',
      'Stripe sends your receipts and tells you if a payment fails; you can change plan, update your card or cancel from the billing page.',
    ],
    action: { label: 'Open your dashboard', url: input.dashboardUrl },
  });
}
