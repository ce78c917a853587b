import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { accountTokens, billingCustomers, users } from '@/db/schema';
import { signUp } from '@/lib/auth/actions/sign-up';
import * as passwordModule from '@/lib/auth/password';
import { createUserWithPassword } from '@/lib/auth/users';
import { allMail, latestMail } from '../support/mailbox';
import { form, postForm, sessionCookieIn } from './support/form-post';

const STRONG = 'correct horse battery staple';

async function userRow(email: string) {
  return getDb().query.users.findFirst({ where: eq(users.email, email) });
}

describe('sign-up', () => {
  it('stores an Argon2id hash, never the password', async () => {
    const created = await createUserWithPassword({ email: 'Ada@Example.com', password: 'correct horse battery' });
    expect('user' in created).toBe(true);
    const row = await getDb().query.users.findFirst({ where: eq(users.email, 'ada@example.com') });
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row?.passwordHash).not.toContain('correct horse battery');
  });

  it('makes an unverified account, mails it a verification link, signs nobody in and makes no Stripe customer', async () => {
    const outcome = await postForm(signUp, { name: 'Ada', email: 'New.Person@Example.com', password: STRONG });
    expect(outcome.redirectTo).toBeUndefined();
    expect(sessionCookieIn(outcome.setCookies)).toBeUndefined();
    expect(outcome.state?.success).toBeDefined();
    const row = await userRow('new.person@example.com');
    expect(row?.emailVerified).toBeNull();
    const mail = await latestMail('new.person@example.com', 'verify-email');
    expect(mail?.links[0]).toMatch(/^http:\/\/localhost:3000\/verify-email\?token=/);
    // Hashed at rest: the token in the link is nowhere in the table.
    const token = new URL(mail?.links[0] ?? '').searchParams.get('token') ?? '';
    const stored = await getDb().select().from(accountTokens).where(eq(accountTokens.userId, row?.id ?? ''));
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(await getDb().select().from(billingCustomers)).toHaveLength(0);
  });

  it('answers an existing address exactly as a new one, keeps the account as it was and mails its owner instead', async () => {
    await createUserWithPassword({ email: 'grace@example.com', password: 'first password' });
    const before = await userRow('grace@example.com');

    const existing = await postForm(signUp, { email: 'GRACE@example.com', password: STRONG });
    const fresh = await postForm(signUp, { email: 'hopper@example.com', password: STRONG });

    // The same answer, but for the address it repeats back: nothing tells the two apart.
    const scrub = (state: unknown) => JSON.stringify(state).replaceAll('grace@example.com', 'X').replaceAll('hopper@example.com', 'X');
    expect(scrub(existing.state)).toBe(scrub(fresh.state));
    expect(existing.redirectTo).toBe(fresh.redirectTo);
    expect(existing.setCookies).toEqual(fresh.setCookies);

    const rows = await getDb().select().from(users).where(eq(users.email, 'grace@example.com'));
    expect(rows).toEqual([before]);
    expect(await latestMail('grace@example.com', 'verify-email')).toBeUndefined();
    const notice = await latestMail('grace@example.com', 'account-exists');
    expect(notice?.links.some((link) => link.endsWith('/sign-in'))).toBe(true);
    expect(notice?.links.some((link) => link.endsWith('/forgot-password'))).toBe(true);
    // No token was issued for the existing account: the mail carries no way in.
    expect(await getDb().select().from(accountTokens).where(eq(accountTokens.userId, before?.id ?? ''))).toHaveLength(0);
  });

  it('does the same work for a new and an existing address: one Argon2 hash, one mail, no Stripe call', async () => {
    await createUserWithPassword({ email: 'work-existing@example.com', password: 'first password' });
    const hashes = vi.spyOn(passwordModule, 'hashPassword');
    try {
      await postForm(signUp, { email: 'work-existing@example.com', password: STRONG });
      expect(hashes).toHaveBeenCalledTimes(1);
      await postForm(signUp, { email: 'work-new@example.com', password: STRONG });
      expect(hashes).toHaveBeenCalledTimes(2);
    } finally {
      hashes.mockRestore();
    }
    expect(await allMail('work-existing@example.com')).toHaveLength(1);
    expect(await allMail('work-new@example.com')).toHaveLength(1);
    expect(await getDb().select().from(billingCustomers)).toHaveLength(0);
  });

  it('sends one address at most 5 account mails an hour, however many sign-ups name it, and still answers the same', async () => {
    await createUserWithPassword({ email: 'inbox-victim@example.com', password: 'first password' });
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) => postForm(signUp, { email: 'inbox-victim@example.com', password: STRONG }, { clientAddress: `198.51.100.${i + 1}` })),
    );
    expect(new Set(outcomes.map((o) => JSON.stringify(o.state)))).toHaveProperty('size', 1);
    expect(await allMail('inbox-victim@example.com')).toHaveLength(5);
  });

  it('lets exactly one of two simultaneous sign-ups with one email win', async () => {
    const results = await Promise.all([
      createUserWithPassword({ email: 'race@example.com', password: 'password one' }),
      createUserWithPassword({ email: 'race@example.com', password: 'password two' }),
    ]);
    expect(results.filter((r) => 'user' in r)).toHaveLength(1);
    expect(results.filter((r) => 'error' in r)).toHaveLength(1);
  });

  it('refuses a short password and a malformed email with field errors, writing and mailing nothing', async () => {
    const result = await signUp({}, form({ email: 'not-an-email', password: 'short' }));
    expect(result.fieldErrors?.email).toBeDefined();
    expect(result.fieldErrors?.password?.[0]).toMatch(/at least 8/);
    expect(JSON.stringify(result)).not.toContain('short');
    expect(await getDb().select().from(users).where(eq(users.email, 'not-an-email'))).toHaveLength(0);
    expect(await allMail('not-an-email')).toHaveLength(0);
  });
});

describe('sign-up form state', () => {
  it('gives the typed email back to refill the form, but never the password', async () => {
    const result = await signUp({}, form({ name: 'Al', email: 'al@example', password: 'hunter2' }));
    expect(result.values).toEqual({ name: 'Al', email: 'al@example' });
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });
});
