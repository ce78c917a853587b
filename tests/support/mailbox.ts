import { and, desc, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { mailMessages } from '@/db/schema';
import { linksIn } from '@/lib/mail/message';

export type ReceivedMail = {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  template: string;
  /** The absolute links in the text part, in order. */
  links: string[];
  createdAt: Date;
};

/**
 * The newest mail the local mailbox (the `mail_message` table, where tests' mail goes) holds for
 * `to`, of `template` when given (a file name in lib/mail/templates), or undefined.
 */
export async function latestMail(to: string, template?: string): Promise<ReceivedMail | undefined> {
  const [row] = await getDb()
    .select()
    .from(mailMessages)
    .where(and(eq(mailMessages.to, to), template ? eq(mailMessages.template, template) : undefined))
    .orderBy(desc(mailMessages.createdAt))
    .limit(1);
  return row ? { ...row, links: linksIn(row.text) } : undefined;
}

/** Every mail held for `to` (of `template` when given), oldest first. */
export async function allMail(to: string, template?: string): Promise<ReceivedMail[]> {
  const rows = await getDb()
    .select()
    .from(mailMessages)
    .where(and(eq(mailMessages.to, to), template ? eq(mailMessages.template, template) : undefined))
    .orderBy(mailMessages.createdAt);
  return rows.map((row) => ({ ...row, links: linksIn(row.text) }));
}
