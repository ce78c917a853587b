import { eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import {
  accountTokens,
  billingCustomers,
  entitlementSummaries,
  invoices,
  lifecycleMails,
  sessions,
  stripeEvents,
  subscriptions,
  users,
} from '@/db/schema';
import { issueAccountToken } from '@/lib/auth/account-tokens';
import { confirmAccountDeletion, deleteAccount } from '@/lib/auth/actions/delete-account';
import { verifyEmail } from '@/lib/auth/actions/verify-email';
import { startCheckout } from '@/lib/billing/checkout';
import { ensureStripeCustomer } from '@/lib/billing/customers';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { resyncStripeCustomer } from '@/lib/billing/sync/sync-customer';
import { passwordlessUser, sessionThroughAuthJs, signedInUser, signInThroughAuthJs } from '../support/auth-client';
import { CARD_OK, TEST_ORIGIN, checkoutSessionIdFrom, subscribe, testStripe } from '../support/billing-harness';
import { latestMail } from '../support/mailbox';
import { inRequest } from '../support/request-scope';
import { form, postForm } from './support/form-post';

const { emulator } = await vi.hoisted(() => import('../support/billing-harness').then((m) => m.startBillingEmulator()));

beforeAll(async () => {
  await setupCatalog(await testStripe());
  return async () => {
    await emulator.webhooks.waitForIdle();
    await emulator.stop();
  };
});

const PASSWORD = 'correct horse battery staple';

function asUser<T>(cookie: string | null, work: () => Promise<T>) {
  return inRequest(cookie, work, { path: '/account' });
}

/** Every row of the user's, in every table that has them. */
async function rowsOf(userId: string): Promise<Record<string, number>> {
  const db = getDb();
  const count = async (rows: Promise<unknown[]>) => (await rows).length;
  return {
    user: await count(db.select().from(users).where(eq(users.id, userId))),
    session: await count(db.select().from(sessions).where(eq(sessions.userId, userId))),
    token: await count(db.select().from(accountTokens).where(eq(accountTokens.userId, userId))),
    customer: await count(db.select().from(billingCustomers).where(eq(billingCustomers.userId, userId))),
    subscription: await count(db.select().from(subscriptions).where(eq(subscriptions.userId, userId))),
    entitlements: await count(db.select().from(entitlementSummaries).where(eq(entitlementSummaries.userId, userId))),
    invoice: await count(db.select().from(invoices).where(eq(invoices.userId, userId))),
    lifecycleMail: await count(db.select().from(lifecycleMails).where(eq(lifecycleMails.userId, userId))),
  };
}

const NOTHING = { user: 0, session: 0, token: 0, customer: 0, subscription: 0, entitlements: 0, invoice: 0, lifecycleMail: 0 };

describe('deleting an account with a password', () => {
  it('a wrong or missing password, or a missing DELETE, deletes nothing and leaves Stripe alone', async () => {
    const { userId, cookie } = await signedInUser('keeper@example.com', PASSWORD);
    const { outcome } = await subscribe(emulator, userId, 'basic');
    expect(outcome.status).toBe('complete');
    const before = await rowsOf(userId);
    const attempts: Record<string, string>[] = [{ deletePassword: 'wrong password', confirm: 'DELETE' }, { confirm: 'DELETE' }, { deletePassword: PASSWORD, confirm: 'delet' }];
    for (const fields of attempts) {
      const attempt = await asUser(cookie, () => deleteAccount({}, form(fields)));
      expect(attempt.redirectTo).toBeUndefined();
      expect(Object.keys(attempt.result?.fieldErrors ?? {}).length).toBeGreaterThan(0);
    }
    expect(await rowsOf(userId)).toEqual(before);
    const customer = await (await testStripe()).customers.retrieve(await ensureStripeCustomer(userId));
    expect(customer.deleted).toBeFalsy();
  });

  it('cancels the live subscription at once, deletes the Stripe customer and every row, ends the session; later webhooks and syncs write nothing back', async () => {
    const { userId, cookie } = await signedInUser('leaver@example.com', PASSWORD);
    await subscribe(emulator, userId, 'premium');
    const customerId = await ensureStripeCustomer(userId);
    const stripe = await testStripe();
    const [live] = (await stripe.subscriptions.list({ customer: customerId })).data;
    expect(live?.status).toBe('active');
    const eventsBefore = new Set((await getDb().select({ id: stripeEvents.id }).from(stripeEvents)).map((e) => e.id));

    const done = await asUser(cookie, () => deleteAccount({}, form({ deletePassword: PASSWORD, confirm: 'DELETE' })));
    expect(new URL(done.redirectTo ?? '', TEST_ORIGIN).pathname).toBe('/');

    expect((await stripe.customers.retrieve(customerId)).deleted).toBe(true);
    expect((await stripe.subscriptions.retrieve(live?.id ?? '')).status).toBe('canceled');
    expect(await rowsOf(userId)).toEqual(NOTHING);
    expect(await sessionThroughAuthJs(cookie)).toBeNull();

    // The cancellation's and deletion's webhooks arrive after the rows are gone.
    await emulator.webhooks.waitForIdle();
    expect(await resyncStripeCustomer(customerId)).toBeNull();
    expect(await rowsOf(userId)).toEqual(NOTHING);
    const after = await getDb().select().from(stripeEvents);
    const late = after.filter((event) => !eventsBefore.has(event.id));
    expect(late.length).toBeGreaterThan(0);
    expect(late.every((event) => event.processedAt !== null)).toBe(true);
    // Signing in again finds no account.
    expect((await signInThroughAuthJs('leaver@example.com', PASSWORD)).sessionCookie).toBeNull();
  });

  it('a checkout left open in another tab is expired with the account and cannot be paid afterwards', async () => {
    const { userId, cookie } = await signedInUser('open-tab@example.com', PASSWORD);
    const started = await startCheckout(userId, 'premium', TEST_ORIGIN);
    if (started.kind !== 'redirect') throw new Error('expected a hosted checkout');
    const sessionId = checkoutSessionIdFrom(started.url);
    const customerId = await ensureStripeCustomer(userId);

    await asUser(cookie, () => deleteAccount({}, form({ deletePassword: PASSWORD, confirm: 'DELETE' })));

    const stripe = await testStripe();
    expect((await stripe.checkout.sessions.retrieve(sessionId)).status).toBe('expired');
    const paid = await emulator.checkout.complete(sessionId, CARD_OK).catch((error: unknown) => ({ status: 'refused', error }));
    expect(paid.status).not.toBe('complete');
    expect((await stripe.subscriptions.list({ customer: customerId, status: 'all' })).data.filter((s) => s.status !== 'canceled')).toHaveLength(0);
    await emulator.webhooks.waitForIdle();
    expect(await rowsOf(userId)).toEqual(NOTHING);
  });

  it('old links of the deleted account (verify, delete) do nothing afterwards, for anyone', async () => {
    const { userId, cookie } = await signedInUser('links-left@example.com', PASSWORD);
    const verify = await issueAccountToken({ userId, purpose: 'verify_email', email: 'links-left@example.com' });
    const remove = await issueAccountToken({ userId, purpose: 'delete_account', email: 'links-left@example.com' });
    await asUser(cookie, () => deleteAccount({}, form({ deletePassword: PASSWORD, confirm: 'DELETE' })));

    expect((await postForm(verifyEmail, { token: verify }, { path: '/verify-email' })).state?.error).toBeDefined();
    const bystander = await signedInUser('bystander@example.com', PASSWORD);
    const replay = await asUser(bystander.cookie, () => confirmAccountDeletion({}, form({ token: remove, confirm: 'DELETE' })));
    expect(replay.result?.error).toBeDefined();
    expect((await rowsOf(bystander.userId)).user).toBe(1);
  });
});

describe('deleting an account without a password (GitHub)', () => {
  it('mails a link instead of deleting; another signed-in user cannot spend it; its owner can, once', async () => {
    const owner = await passwordlessUser('octocat@example.com');
    const other = await signedInUser('other-user@example.com', PASSWORD);

    const asked = await asUser(owner.cookie, () => deleteAccount({}, form({ confirm: 'DELETE' })));
    expect(asked.result?.success).toBeDefined();
    expect((await rowsOf(owner.userId)).user).toBe(1);
    const link = (await latestMail('octocat@example.com', 'confirm-account-deletion'))?.links[0] ?? 'missing:';
    expect(new URL(link).pathname).toBe('/account/delete');
    const token = new URL(link).searchParams.get('token') ?? '';

    const stolen = await asUser(other.cookie, () => confirmAccountDeletion({}, form({ token, confirm: 'DELETE' })));
    expect(stolen.result?.error).toBeDefined();
    expect((await rowsOf(owner.userId)).user).toBe(1);
    expect((await rowsOf(other.userId)).user).toBe(1);

    const noWord = await asUser(owner.cookie, () => confirmAccountDeletion({}, form({ token })));
    expect(noWord.result?.fieldErrors?.confirm?.length).toBeGreaterThan(0);
    expect((await rowsOf(owner.userId)).user).toBe(1);

    const confirmed = await asUser(owner.cookie, () => confirmAccountDeletion({}, form({ token, confirm: 'DELETE' })));
    expect(confirmed.redirectTo).toBeDefined();
    expect(await rowsOf(owner.userId)).toEqual(NOTHING);
    expect((await getDb().select().from(users).where(inArray(users.id, [other.userId])))).toHaveLength(1);
  });
});
