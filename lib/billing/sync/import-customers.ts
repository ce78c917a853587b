import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { billingCustomers, users } from '@/db/schema';
import { stripe } from '@/lib/stripe/client';
import { asBackgroundStripeWork } from '@/lib/stripe/rate-budget';

type ImportResult = { seen: number; linked: number; alreadyLinked: number; noUser: number; userHasAnother: number };

/**
 * Links Stripe customers made before this app's database knew them (an import, a restored
 * database) to their users, so that reconciliation then syncs them.
 *
 * Only through `metadata.userId`, which only this app writes (customers.ts), naming a user that
 * exists. Never by email: anyone can register an address, so matching on it would hand the
 * billing (and paid access) of a Stripe customer to whoever signed up with that address first.
 * A user already linked to another customer keeps that one: one customer per user.
 */
export async function importStripeCustomers(): Promise<ImportResult> {
  return asBackgroundStripeWork(async () => {
    const result: ImportResult = { seen: 0, linked: 0, alreadyLinked: 0, noUser: 0, userHasAnother: 0 };
    const db = getDb();
    let page = await stripe().customers.list({ limit: 100 });
    for (;;) {
      const candidates = page.data.filter((customer) => !('deleted' in customer && customer.deleted));
      result.seen += candidates.length;
      const ids = candidates.map((customer) => customer.id);
      const linked = new Set(
        ids.length > 0
          ? (await db.select({ id: billingCustomers.stripeCustomerId }).from(billingCustomers).where(inArray(billingCustomers.stripeCustomerId, ids))).map((r) => r.id)
          : [],
      );
      for (const customer of candidates) {
        if (linked.has(customer.id)) {
          result.alreadyLinked++;
          continue;
        }
        const userId = customer.metadata.userId;
        const user = userId ? await db.query.users.findFirst({ where: eq(users.id, userId), columns: { id: true } }) : undefined;
        if (!user) {
          result.noUser++;
          continue;
        }
        const inserted = await db.insert(billingCustomers).values({ userId: user.id, stripeCustomerId: customer.id }).onConflictDoNothing().returning({ userId: billingCustomers.userId });
        if (inserted.length > 0) result.linked++;
        else result.userHasAnother++;
      }
      const last = page.data.at(-1)?.id;
      if (!page.has_more || !last) return result;
      page = await stripe().customers.list({ limit: 100, starting_after: last });
    }
  });
}
