import 'server-only';
import { desc } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { mailMessages, type MailMessageRow } from '@/db/schema';
import { env } from '@/lib/env';
import { linksIn } from './message';

export type MailboxEntry = MailMessageRow & { links: string[] };

/**
 * What the local mailbox holds, newest first, for /dev/mailbox. Never read in production, where
 * the page does not exist: the table is empty there, and a page listing everyone's reset links
 * must never be served.
 */
export async function readMailbox(limit = 50): Promise<MailboxEntry[]> {
  if (env.production) return [];
  const rows = await getDb().select().from(mailMessages).orderBy(desc(mailMessages.createdAt)).limit(limit);
  return rows.map((row) => ({ ...row, links: linksIn(row.text) }));
}
