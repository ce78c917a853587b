import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { lifecycleMails, subscriptions, users, type LifecycleMailKind, type SubscriptionStatus } from '@/db/schema';
import { env } from '@/lib/env';
import { mailLink } from '@/lib/mail/links';
import type { MailMessage } from '@/lib/mail/message';
import { sendMail } from '@/lib/mail/send-mail';
import { accessEndedMail } from '@/lib/mail/templates/access-ended';
import { welcomeMail } from '@/lib/mail/templates/welcome';

/**
 * The two mails the app sends about billing; Stripe sends the rest (receipts, failed payments,
 * expiring cards, configured in its Dashboard). Decided from what a sync has just written, so
 * they follow Stripe's entitlements like the gate does:
 *
 * - welcome: the first time a user has any entitlement (their first subscription is paid or in
 *   its trial). Once per user, ever.
 * - access ended: the user had been welcomed, has no entitlement now, and none of their
 *   subscriptions is live (each is canceled, unpaid, expired or paused). Once per subscription that
 *   ended: one mail claims every ended subscription not yet told of, so a duplicate that the sync
 *   canceled beside the real one does not make a second mail, and one checkout abandoned later
 *   (incomplete_expired, which never gave access) makes none.
 *
 * Once means once: the `lifecycle_mail` row is inserted before the mail is sent, and its primary
 * key lets exactly one of any number of duplicated webhooks, reordered events and parallel syncs
 * (on any instance) insert it. If sending fails the row is removed again, so the next sync of the
 * customer (a later event, or the daily reconciliation) tries again; an instance that dies
 * between the insert and the send loses that one mail rather than ever sending two.
 */

const ENDED: ReadonlySet<SubscriptionStatus> = new Set(['canceled', 'unpaid', 'incomplete_expired', 'paused']);

export async function sendLifecycleMails(synced: { userId: string; features: string[] }): Promise<void> {
  try {
    if (synced.features.length > 0) {
      await once('welcome', [synced.userId], synced.userId, async (user) =>
        welcomeMail({ to: user.email, name: user.name, dashboardUrl: await linkTo('/dashboard') }),
      );
      return;
    }
    const db = getDb();
    const [welcomed] = await db
      .select({ kind: lifecycleMails.kind })
      .from(lifecycleMails)
      .where(and(eq(lifecycleMails.kind, 'welcome'), eq(lifecycleMails.subject, synced.userId)))
      .limit(1);
    if (!welcomed) return;
    const owned = await db
      .select({ id: subscriptions.id, status: subscriptions.status })
      .from(subscriptions)
      .where(eq(subscriptions.userId, synced.userId));
    // Ordering by creation cannot tell which one ended last: a resubscription can be created in
    // the same second as the first one ended. Every ended one is claimed instead.
    if (owned.length === 0 || owned.some((subscription) => !ENDED.has(subscription.status))) return;
    const ended = owned.filter((subscription) => subscription.status !== 'incomplete_expired').map((subscription) => subscription.id);
    await once('access_ended', ended, synced.userId, async (user) =>
      accessEndedMail({ to: user.email, name: user.name, pricingUrl: await linkTo('/pricing') }),
    );
  } catch (error) {
    // The sync's rows are written; a mail that could not go out must not fail it.
    console.error(`[entitle] lifecycle mail for ${synced.userId} failed; the next sync retries`, error);
  }
}

/**
 * A link on the site's origin. Syncs also run outside any request (reconciliation from a script,
 * a webhook delivered without a Host): production always has its configured origin, and
 * development without a request falls back to `npm run dev`'s own address.
 */
async function linkTo(path: string): Promise<string> {
  try {
    return await mailLink(path);
  } catch (error) {
    if (env.production) throw error;
    return new URL(path, 'http://localhost:3000').toString();
  }
}

/**
 * Sends the mail if this call is the one that records it for at least one of `subjects` (a
 * user for the welcome, subscriptions for the notice); every subject it records is then told of.
 */
async function once(
  kind: LifecycleMailKind,
  subjects: string[],
  userId: string,
  render: (user: { email: string; name: string | null }) => Promise<MailMessage>,
): Promise<void> {
  if (subjects.length === 0) return;
  const db = getDb();
  const told = await db
    .select({ subject: lifecycleMails.subject })
    .from(lifecycleMails)
    .where(and(eq(lifecycleMails.kind, kind), inArray(lifecycleMails.subject, subjects)));
  const untold = subjects.filter((subject) => !told.some((row) => row.subject === subject));
  if (untold.length === 0) return;
  const [user] = await db.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, userId)).limit(1);
  if (!user?.email) return;
  const claimed = await db
    .insert(lifecycleMails)
    .values(untold.map((subject) => ({ kind, subject, userId })))
    .onConflictDoNothing()
    .returning({ subject: lifecycleMails.subject });
  if (claimed.length === 0) return;
  try {
    await sendMail(await render({ email: user.email, name: user.name }));
  } catch (error) {
    const mine = claimed.map((row) => row.subject);
    await db.delete(lifecycleMails).where(and(eq(lifecycleMails.kind, kind), inArray(lifecycleMails.subject, mine)));
    throw error;
  }
}
