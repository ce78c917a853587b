import type { MailMessage } from '../message';
import { composeMail } from './layout';

/** A magic sign-in link (Auth.js's email provider, lib/auth/magic-link.ts). */
export function signInLinkMail(input: { to: string; url: string; minutes: number }): MailMessage {
  return composeMail({
    to: input.to,
    template: 'sign-in-link',
    subject: 'Your Entitle sign-in link',
    paragraphs: ['Use the link below to sign in to Entitle.'],
    action: { label: 'Sign in', url: input.url },
    after: [
      `The link works once, for ${input.minutes} minutes.`,
      'If you did not ask for it, ignore this mail: nobody can sign in without it.',
    ],
  });
}

/**
 * Sent instead of a link when no account has the address: the person who asked learns it on
 * their own mailbox, never on the page (which says the same for every address).
 */
export function signInNoAccountMail(input: { to: string; signUpUrl: string }): MailMessage {
  return composeMail({
    to: input.to,
    template: 'sign-in-no-account',
    subject: 'Signing in to Entitle',
    paragraphs: ['Someone (we hope you) asked for a sign-in link for this address, but no Entitle account uses it.'],
    action: { label: 'Create an account', url: input.signUpUrl },
    after: ['If you did not ask for this, ignore this mail.'],
  });
}

/**
 * Sent instead of a link when the account's address was never confirmed: whoever made the
 * account may not own the address, so a link sign-in would share the account with them. Choosing
 * a password here confirms the address and signs everyone else out.
 */
export function signInUnconfirmedMail(input: { to: string; url: string }): MailMessage {
  return composeMail({
    to: input.to,
    template: 'sign-in-unconfirmed',
    subject: 'Signing in to Entitle',
    paragraphs: [
      'Someone (we hope you) asked for a sign-in link for this address. Its Entitle account has not confirmed the address yet, so it cannot sign in by link.',
      'Choose a password with the link below: that confirms the address, signs you in from then on, and signs out anyone else.',
    ],
    action: { label: 'Choose a password', url: input.url },
    after: ['The link works once, for one hour.', 'If you did not ask for this, ignore this mail.'],
  });
}
