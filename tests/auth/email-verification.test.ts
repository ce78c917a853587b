import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import VerifyEmailPage from '@/app/(auth)/verify-email/page';
import { getDb } from '@/db/client';
import { accounts, accountTokens, billingCustomers, users } from '@/db/schema';
import { issueAccountToken } from '@/lib/auth/account-tokens';
import { resendVerification } from '@/lib/auth/actions/resend-verification';
import { signUp } from '@/lib/auth/actions/sign-up';
import { verifyEmail } from '@/lib/auth/actions/verify-email';
import { isEmailVerified } from '@/lib/auth/email-verification';
import { createUserWithPassword } from '@/lib/auth/users';
import { startCheckout } from '@/lib/billing/actions/start-checkout';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { signInThroughAuthJs } from '../support/auth-client';
import { testStripe } from '../support/billing-harness';
import { allMail, latestMail } from '../support/mailbox';
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

/** Signs up through the action and returns the user's id and the token of the mailed link. */
async function signUpAndReadLink(email: string): Promise<{ userId: string; token: string }> {
  await postForm(signUp, { email, password: PASSWORD }, { clientAddress: '192.0.2.10' });
  const link = (await latestMail(email, 'verify-email'))?.links[0];
  const row = await getDb().query.users.findFirst({ where: eq(users.email, email) });
  if (!link || !row) throw new Error(`no sign-up for ${email}`);
  return { userId: row.id, token: new URL(link).searchParams.get('token') ?? '' };
}

async function verifiedAt(userId: string): Promise<Date | null | undefined> {
  return (await getDb().query.users.findFirst({ where: eq(users.id, userId) }))?.emailVerified;
}

async function signedIn(email: string): Promise<string> {
  const { sessionCookie } = await signInThroughAuthJs(email, PASSWORD);
  if (!sessionCookie) throw new Error(`${email} could not sign in`);
  return sessionCookie;
}

describe('the verification link', () => {
  it('verifies the address once; the same link replayed verifies nothing again', async () => {
    const { userId, token } = await signUpAndReadLink('once@example.com');
    expect(await verifiedAt(userId)).toBeNull();

    const first = await postForm(verifyEmail, { token }, { path: '/verify-email' });
    expect(first.state?.success).toBeDefined();
    const at = await verifiedAt(userId);
    expect(at).toBeInstanceOf(Date);

    const replay = await postForm(verifyEmail, { token }, { path: '/verify-email' });
    expect(replay.state?.error).toBeDefined();
    expect(await verifiedAt(userId)).toEqual(at);
  });

  it('opening the link (a GET, as mail scanners do) spends nothing: the page only shows the button', async () => {
    const { userId, token } = await signUpAndReadLink('prefetched@example.com');
    for (let i = 0; i < 3; i++) {
      await inRequest(null, () => VerifyEmailPage({ params: Promise.resolve({}), searchParams: Promise.resolve({ token }) }), { path: '/verify-email' });
    }
    expect(await verifiedAt(userId)).toBeNull();
    expect((await postForm(verifyEmail, { token }, { path: '/verify-email' })).state?.success).toBeDefined();
  });

  it('of a double click or two tabs, exactly one confirm spends the link', async () => {
    const { token } = await signUpAndReadLink('double@example.com');
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => postForm(verifyEmail, { token }, { path: '/verify-email' })));
    expect(outcomes.filter((o) => o.state?.success)).toHaveLength(1);
    expect(outcomes.filter((o) => o.state?.error)).toHaveLength(4);
  });

  it('refuses an expired link, a made-up one and a link of another purpose, verifying nothing', async () => {
    const created = await createUserWithPassword({ email: 'stale@example.com', password: PASSWORD });
    if (!('user' in created)) throw new Error('no user');
    const userId = created.user.id;
    const expired = await issueAccountToken({ userId, purpose: 'verify_email', email: 'stale@example.com', ttlSeconds: -1 });
    const reset = await issueAccountToken({ userId, purpose: 'reset_password', email: 'stale@example.com' });
    for (const token of [expired, reset, 'made-up-token', `${reset}x`]) {
      const outcome = await postForm(verifyEmail, { token }, { path: '/verify-email' });
      expect(outcome.state?.error).toBeDefined();
    }
    expect(await verifiedAt(userId)).toBeNull();
  });

  it('a link mailed to an address the account no longer has verifies nothing', async () => {
    const { userId, token } = await signUpAndReadLink('before-change@example.com');
    await getDb().update(users).set({ email: 'after-change@example.com' }).where(eq(users.id, userId));
    const outcome = await postForm(verifyEmail, { token }, { path: '/verify-email' });
    expect(outcome.state?.error).toBeDefined();
    expect(await verifiedAt(userId)).toBeNull();
  });

  it('keeps only the hash: the stored rows do not contain the mailed token', async () => {
    const { userId, token } = await signUpAndReadLink('hashed@example.com');
    const rows = await getDb().select().from(accountTokens).where(eq(accountTokens.userId, userId));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).not.toBe(token);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 23 * 60 * 60 * 1000);
    expect(rows[0]?.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 24 * 60 * 60 * 1000);
  });
});

describe('checkout needs a verified address', () => {
  it('an unverified user calling the checkout action directly gets an error, and Stripe sees no customer and no session', async () => {
    const { userId, token } = await signUpAndReadLink('unverified-buyer@example.com');
    const cookie = await signedIn('unverified-buyer@example.com');

    const refused = await inRequest(cookie, () => startCheckout({}, form({ plan: 'premium' })), { path: '/pricing' });
    expect(refused.redirectTo).toBeUndefined();
    expect(refused.result?.error).toBeDefined();
    expect(await getDb().select().from(billingCustomers).where(eq(billingCustomers.userId, userId))).toHaveLength(0);
    const stripe = await testStripe();
    const customers = await stripe.customers.list({ email: 'unverified-buyer@example.com' });
    expect(customers.data).toHaveLength(0);

    // Once verified, the same action opens the hosted checkout.
    await postForm(verifyEmail, { token }, { path: '/verify-email' });
    const started = await inRequest(cookie, () => startCheckout({}, form({ plan: 'premium' })), { path: '/pricing' });
    expect(started.redirectTo).toMatch(new RegExp(`^${emulator.url}/c/pay/cs_`));
  });

  it('a GitHub account (an OAuth account row, no emailVerified) counts as verified', async () => {
    const created = await createUserWithPassword({ email: 'octo@example.com', password: PASSWORD });
    if (!('user' in created)) throw new Error('no user');
    expect(await isEmailVerified(created.user.id)).toBe(false);
    await getDb().insert(accounts).values({ userId: created.user.id, type: 'oauth', provider: 'github', providerAccountId: '4242' });
    expect(await isEmailVerified(created.user.id)).toBe(true);
  });
});

describe('resend', () => {
  it('mails a fresh link to the signed-in user, at most 5 account mails an hour, then says when to try again', async () => {
    await signUpAndReadLink('resender@example.com');
    const cookie = await signedIn('resender@example.com');
    const outcomes = [];
    for (let i = 0; i < 6; i++) outcomes.push((await inRequest(cookie, () => resendVerification({}, form()), { path: '/pricing' })).result);
    // The sign-up mail was the first of the 5.
    expect(outcomes.filter((o) => o?.success)).toHaveLength(4);
    expect(outcomes.slice(4).every((o) => o?.error)).toBe(true);
    expect(await allMail('resender@example.com', 'verify-email')).toHaveLength(5);
  });

  it('a signed-out request sends nothing', async () => {
    await signUpAndReadLink('nobody-signed-in@example.com');
    const outcome = await inRequest(null, () => resendVerification({}, form()), { path: '/pricing' });
    expect(outcome.result?.error).toBeDefined();
    expect(await allMail('nobody-signed-in@example.com', 'verify-email')).toHaveLength(1);
  });
});
