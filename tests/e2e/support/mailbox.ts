import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import { linksIn } from '@/lib/mail/message';
import type { CapturedMail } from '@/tests/support/smtp-capture';

// The journeys' server is a production build, which has no local mailbox: it mails through SMTP
// to the capturing server that `npm run test:e2e` runs (scripts/e2e.ts), which writes each mail
// into E2E_MAIL_DIR. So the journeys also cover the SMTP transport as production uses it.

export type E2EMail = CapturedMail & { links: string[] };

function mailDir(): string {
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) throw new Error('E2E_MAIL_DIR is not set: run the journeys with `npm run test:e2e`');
  return dir;
}

/** Every mail received for `to` (of `template` when given), oldest first. */
export function mailsFor(to: string, template?: string): E2EMail[] {
  const dir = mailDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as CapturedMail)
    .filter((mail) => mail.recipients.includes(to) && (!template || mail.template === template))
    .map((mail) => ({ ...mail, links: linksIn(mail.text) }));
}

/** The newest mail for `to` (of `template` when given), or undefined. */
export function latestMail(to: string, template?: string): E2EMail | undefined {
  return mailsFor(to, template).at(-1);
}

/**
 * Waits until `to` has received `count` mails of `template` (the app answers once the SMTP
 * server took the mail, so this is normally at once) and returns the newest.
 */
export async function waitForMail(to: string, template: string, count = 1): Promise<E2EMail> {
  await expect.poll(() => mailsFor(to, template).length, { message: `a "${template}" mail for ${to}` }).toBeGreaterThanOrEqual(count);
  const mail = latestMail(to, template);
  if (!mail) throw new Error(`no "${template}" mail for ${to}`);
  return mail;
}
