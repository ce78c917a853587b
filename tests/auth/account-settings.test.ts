import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { accountTokens, users } from '@/db/schema';
import { issueAccountToken } from '@/lib/auth/account-tokens';
import { changeName } from '@/lib/auth/actions/change-name';
import { confirmEmailChange } from '@/lib/auth/actions/confirm-email-change';
import { requestEmailChange } from '@/lib/auth/actions/request-email-change';
import { verifyEmail } from '@/lib/auth/actions/verify-email';
import { currentUser } from '@/lib/auth/session';
import { createUserWithPassword } from '@/lib/auth/users';
import { ensureStripeCustomer } from '@/lib/billing/customers';
import { sessionThroughAuthJs, signedInUser } from '../support/auth-client';
import { testStripe } from '../support/billing-harness';
import { allMail, latestMail } from '../support/mailbox';
import { inRequest } from '../support/request-scope';
import { form, postForm } from './support/form-post';

const { emulator } = await vi.hoisted(() => import('../support/billing-harness').then((m) => m.startBillingEmulator()));

beforeAll(() => async () => {
  await emulator.webhooks.waitForIdle();
  await emulator.stop();
});

const PASSWORD = 'correct horse battery staple';

async function row(userId: string) {
  return getDb().query.users.findFirst({ where: eq(users.id, userId) });
}

function asUser<T>(cookie: string | null, work: () => Promise<T>) {
  return inRequest(cookie, work, { path: '/account' }).then((outcome) => outcome.result);
}

/** Asks for the change as the signed-in user and returns the token of the link mailed to the new address. */
async function requestChange(cookie: string, to: string): Promise<string> {
  const result = await asUser(cookie, () => requestEmailChange({}, form({ email: to, emailChangePassword: PASSWORD })));
  expect(result?.success).toBeDefined();
  const link = (await latestMail(to, 'confirm-new-email'))?.links[0];
  return new URL(link ?? 'missing:').searchParams.get('token') ?? '';
}

describe('change name', () => {
  it('refuses an empty or overlong name with a field error and changes nothing; saves a good one', async () => {
    const { userId, cookie } = await signedInUser('namer@example.com', PASSWORD, 'First Name');
    for (const name of ['   ', 'x'.repeat(101)]) {
      const result = await asUser(cookie, () => changeName({}, form({ name })));
      expect(result?.fieldErrors?.name?.length).toBeGreaterThan(0);
      expect((await row(userId))?.name).toBe('First Name');
    }
    const saved = await asUser(cookie, () => changeName({}, form({ name: '  Ada Lovelace ' })));
    expect(saved?.success).toBeDefined();
    expect((await row(userId))?.name).toBe('Ada Lovelace');
  });

  it('this browser’s session shows the new name at once, and stays the same live session', async () => {
    const { userId, cookie } = await signedInUser('renamed-session@example.com', PASSWORD, 'First Name');
    const outcome = await inRequest(cookie, () => changeName({}, form({ name: 'Grace Hopper' })), { path: '/account' });
    const reissued = outcome.setCookies.find((c) => c.startsWith('authjs.session-token='));
    expect(reissued).toBeDefined();
    const seen = await inRequest(reissued ?? null, () => currentUser(), { path: '/account' });
    expect(seen.result).toEqual({ id: userId, email: 'renamed-session@example.com', name: 'Grace Hopper' });
    // The old cookie names the same session row, which is still alive.
    expect((await sessionThroughAuthJs(cookie))?.user?.id).toBe(userId);
  });

  it('renames only the session’s own account, whatever the form carries', async () => {
    const victim = await signedInUser('name-victim@example.com', PASSWORD, 'First Name');
    const attacker = await signedInUser('name-attacker@example.com', PASSWORD, 'First Name');
    await asUser(attacker.cookie, () => changeName({}, form({ name: 'Pwned', userId: victim.userId, id: victim.userId })));
    expect((await row(victim.userId))?.name).toBe('First Name');
    expect((await row(attacker.userId))?.name).toBe('Pwned');
  });

  it('signed out, renames nobody', async () => {
    const { userId } = await signedInUser('name-signed-out@example.com', PASSWORD, 'First Name');
    const result = await asUser(null, () => changeName({}, form({ name: 'Ghost' })));
    expect(result?.error).toBeDefined();
    expect((await row(userId))?.name).toBe('First Name');
  });
});

describe('change email', () => {
  it('needs the current password: a wrong or missing one issues no link and mails nothing', async () => {
    const { userId, cookie } = await signedInUser('mover@example.com', PASSWORD, 'First Name');
    const wrong = await asUser(cookie, () => requestEmailChange({}, form({ email: 'taken-over@example.com', emailChangePassword: 'not the password' })));
    expect(wrong?.fieldErrors?.emailChangePassword?.length).toBeGreaterThan(0);
    const missing = await asUser(cookie, () => requestEmailChange({}, form({ email: 'taken-over@example.com' })));
    expect(missing?.fieldErrors?.emailChangePassword?.length).toBeGreaterThan(0);
    const same = await asUser(cookie, () => requestEmailChange({}, form({ email: 'MOVER@example.com', emailChangePassword: PASSWORD })));
    expect(same?.fieldErrors?.email?.length).toBeGreaterThan(0);
    expect(await allMail('taken-over@example.com')).toHaveLength(0);
    expect(await getDb().select().from(accountTokens).where(eq(accountTokens.userId, userId))).toHaveLength(0);
    expect((await row(userId))?.email).toBe('mover@example.com');
  });

  it('takes effect only through the link to the new address: verified, Stripe’s customer follows, the old address is told; a replay does nothing', async () => {
    const { userId, cookie } = await signedInUser('old-address@example.com', PASSWORD, 'First Name');
    const customerId = await ensureStripeCustomer(userId);
    const token = await requestChange(cookie, 'new-address@example.com');
    expect((await row(userId))?.email).toBe('old-address@example.com');

    const confirmed = await postForm(confirmEmailChange, { token }, { path: '/verify-email/new-address' });
    expect(confirmed.state?.success).toBeDefined();
    const after = await row(userId);
    expect(after?.email).toBe('new-address@example.com');
    expect(after?.emailVerified).toBeInstanceOf(Date);
    const customer = await (await testStripe()).customers.retrieve(customerId);
    expect(!customer.deleted && customer.email).toBe('new-address@example.com');
    expect(await latestMail('old-address@example.com', 'email-changed')).toBeDefined();

    // Confirmed in a signed-out browser (the new mailbox may be read anywhere): no session is made.
    expect(confirmed.setCookies.filter((c) => c.startsWith('authjs.session-token='))).toHaveLength(0);

    const replay = await postForm(confirmEmailChange, { token }, { path: '/verify-email/new-address' });
    expect(replay.state?.error).toBeDefined();
    expect((await row(userId))?.email).toBe('new-address@example.com');
  });

  it('confirmed in the account’s own signed-in browser, the session shows the new address at once', async () => {
    const { userId, cookie } = await signedInUser('own-browser@example.com', PASSWORD, 'First Name');
    const token = await requestChange(cookie, 'own-browser-new@example.com');
    const outcome = await inRequest(cookie, () => confirmEmailChange({}, form({ token })), { path: '/verify-email/new-address' });
    const reissued = outcome.setCookies.find((c) => c.startsWith('authjs.session-token='));
    const seen = await inRequest(reissued ?? null, () => currentUser(), { path: '/account' });
    expect(seen.result).toMatchObject({ id: userId, email: 'own-browser-new@example.com' });
  });

  it('a verification link mailed to the old address no longer verifies anything once the address changed', async () => {
    const { userId, cookie } = await signedInUser('was-here@example.com', PASSWORD, 'First Name');
    const oldLink = await issueAccountToken({ userId, purpose: 'verify_email', email: 'was-here@example.com' });
    const token = await requestChange(cookie, 'moved-on@example.com');
    await postForm(confirmEmailChange, { token }, { path: '/verify-email/new-address' });
    await getDb().update(users).set({ emailVerified: null }).where(eq(users.id, userId));
    const outcome = await postForm(verifyEmail, { token: oldLink }, { path: '/verify-email' });
    expect(outcome.state?.error).toBeDefined();
    expect((await row(userId))?.emailVerified).toBeNull();
  });

  it('an address someone else took meanwhile is refused at confirmation, changing nothing', async () => {
    const { userId, cookie } = await signedInUser('slow@example.com', PASSWORD, 'First Name');
    const token = await requestChange(cookie, 'contested@example.com');
    await createUserWithPassword({ email: 'contested@example.com', password: PASSWORD });
    const outcome = await postForm(confirmEmailChange, { token }, { path: '/verify-email/new-address' });
    expect(outcome.state?.error).toBeDefined();
    expect((await row(userId))?.email).toBe('slow@example.com');
    expect(await allMail('slow@example.com', 'email-changed')).toHaveLength(0);
  });

  it('two accounts confirming one new address at once: exactly one gets it', async () => {
    const a = await signedInUser('racer-a@example.com', PASSWORD, 'First Name');
    const b = await signedInUser('racer-b@example.com', PASSWORD, 'First Name');
    const [tokenA, tokenB] = [await requestChange(a.cookie, 'prize@example.com'), await requestChange(b.cookie, 'prize@example.com')];
    const outcomes = await Promise.all([tokenA, tokenB].map((token) => postForm(confirmEmailChange, { token }, { path: '/verify-email/new-address' })));
    expect(outcomes.filter((o) => o.state?.success)).toHaveLength(1);
    expect(outcomes.filter((o) => o.state?.error)).toHaveLength(1);
    expect(await getDb().select({ id: users.id }).from(users).where(eq(users.email, 'prize@example.com'))).toHaveLength(1);
  });

  it('another user’s link cannot be spent through a verification link form, nor a verify link through the change form', async () => {
    const { userId, cookie } = await signedInUser('crossed@example.com', PASSWORD, 'First Name');
    const change = await requestChange(cookie, 'crossed-new@example.com');
    const verify = await issueAccountToken({ userId, purpose: 'verify_email', email: 'crossed@example.com' });
    expect((await postForm(verifyEmail, { token: change }, { path: '/verify-email' })).state?.error).toBeDefined();
    expect((await postForm(confirmEmailChange, { token: verify }, { path: '/verify-email/new-address' })).state?.error).toBeDefined();
    expect((await row(userId))?.email).toBe('crossed@example.com');
  });
});
