import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { accounts, users } from '@/db/schema';
import { changePassword } from '@/lib/auth/actions/change-password';
import { confirmEmailChange } from '@/lib/auth/actions/confirm-email-change';
import { requestEmailChange } from '@/lib/auth/actions/request-email-change';
import { requestMagicLink } from '@/lib/auth/actions/request-magic-link';
import { requestPasswordReset } from '@/lib/auth/actions/request-password-reset';
import { resetPassword } from '@/lib/auth/actions/reset-password';
import { withoutEndedSession } from '@/lib/auth/ended-session';
import { authenticateWithPassword } from '@/lib/auth/users';
import { passwordlessUser, sessionThroughAuthJs, signedInUser, signInThroughAuthJs } from '../support/auth-client';
import { allMail, latestMail } from '../support/mailbox';
import { inRequest } from '../support/request-scope';
import { form, postForm } from './support/form-post';

// Account takeovers through the account links, each written as the attack. Found by a review of
// the account features; each of these attacks worked before its fix.

vi.hoisted(() => {
  process.env.NEXT_PUBLIC_SITE_URL = 'http://localhost:3000';
});

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'violet marmalade typhoon 93';
const ATTACKER_PASSWORD = 'quartz lantern oblique 4471';

function tokenOf(link: string | undefined): string {
  return new URL(link ?? 'missing:').searchParams.get('token') ?? '';
}

async function resetThroughMail(email: string, password: string, clientAddress: string, template = 'reset-password'): Promise<void> {
  if (template === 'reset-password') await postForm(requestPasswordReset, { email }, { clientAddress, path: '/forgot-password' });
  const token = tokenOf((await latestMail(email, template))?.links[0]);
  const done = await postForm(resetPassword, { token, password }, { clientAddress, path: '/reset-password' });
  expect(done.redirectTo).toBe('/sign-in?reset=done');
}

async function emailOf(userId: string): Promise<string | null | undefined> {
  return (await getDb().query.users.findFirst({ where: eq(users.id, userId), columns: { email: true } }))?.email;
}

describe('an email change link kept by someone who knew the password', () => {
  it('is dead once the owner resets the password', async () => {
    const victim = 'kept-link-reset@example.com';
    const attacker = 'kept-link-reset@evil.example';
    const { userId, cookie: attackerSession } = await signedInUser(victim, PASSWORD);
    await inRequest(attackerSession, () => requestEmailChange({}, form({ email: attacker, emailChangePassword: PASSWORD })));
    const kept = tokenOf((await latestMail(attacker, 'confirm-new-email'))?.links[0]);
    expect(kept).not.toBe('');

    await resetThroughMail(victim, NEW_PASSWORD, '203.0.113.61');
    const confirmed = await postForm(confirmEmailChange, { token: kept }, { clientAddress: '198.51.100.66', path: '/verify-email/new-address' });
    expect(confirmed.state?.success).toBeUndefined();
    expect(await emailOf(userId)).toBe(victim);
    expect((await authenticateWithPassword(victim, NEW_PASSWORD))?.id).toBe(userId);
  });

  it('is dead once the owner changes the password', async () => {
    const victim = 'kept-link-change@example.com';
    const attacker = 'kept-link-change@evil.example';
    const { userId, cookie: attackerSession } = await signedInUser(victim, PASSWORD);
    await inRequest(attackerSession, () => requestEmailChange({}, form({ email: attacker, emailChangePassword: PASSWORD })));
    const kept = tokenOf((await latestMail(attacker, 'confirm-new-email'))?.links[0]);

    const { cookie: ownerSession } = await newUserSession(victim, PASSWORD);
    await inRequest(ownerSession, () =>
      changePassword({}, form({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })),
    );
    expect(await authenticateWithPassword(victim, NEW_PASSWORD)).not.toBeNull();
    await postForm(confirmEmailChange, { token: kept }, { clientAddress: '198.51.100.66', path: '/verify-email/new-address' });
    expect(await emailOf(userId)).toBe(victim);
  });
});

async function newUserSession(email: string, password: string): Promise<{ cookie: string }> {
  const { sessionCookie } = await signInThroughAuthJs(email, password);
  if (!sessionCookie) throw new Error(`${email} could not sign in`);
  return { cookie: sessionCookie };
}

describe('one signed-in account mailing many addresses through email changes', () => {
  it('is stopped after 5 an hour, whatever the addresses', async () => {
    const { cookie } = await signedInUser('mail-cannon@example.com', PASSWORD);
    const targets = Array.from({ length: 7 }, (_, i) => `target-${i}@elsewhere.example`);
    for (const email of targets) await inRequest(cookie, () => requestEmailChange({}, form({ email, emailChangePassword: PASSWORD })));
    const mailed = await Promise.all(targets.map((email) => allMail(email, 'confirm-new-email')));
    expect(mailed.map((mails) => mails.length)).toEqual([1, 1, 1, 1, 1, 0, 0]);
  });
});

describe('a session alone, on an account without a password', () => {
  it('cannot move the account to another address: nothing is mailed, the email stays', async () => {
    const { userId, cookie: stolen } = await passwordlessUser('octocat-stolen@example.com');
    const attacker = 'octocat-stolen@evil.example';
    const asked = await inRequest(stolen, () => requestEmailChange({}, form({ email: attacker })));
    expect(asked.result?.error).toBeDefined();
    expect(await allMail(attacker)).toHaveLength(0);
    expect(await emailOf(userId)).toBe('octocat-stolen@example.com');
  });
});

describe('an account made with someone else’s address (pre-hijack)', () => {
  it('gets no sign-in link: the owner is sent a password link instead, which ends the maker’s password and session', async () => {
    const owner = 'pre-hijack-owner@example.com';
    const { userId, cookie: attackerSession } = await signedInUser(owner, ATTACKER_PASSWORD);

    const asked = await inRequest(null, () => requestMagicLink({}, form({ email: owner })), { clientAddress: '203.0.113.62', path: '/sign-in' });
    expect(asked.result?.success).toBeDefined();
    expect(await allMail(owner, 'sign-in-link')).toHaveLength(0);

    await resetThroughMail(owner, NEW_PASSWORD, '203.0.113.62', 'sign-in-unconfirmed');
    expect(await sessionThroughAuthJs(attackerSession)).toBeNull();
    expect(await authenticateWithPassword(owner, ATTACKER_PASSWORD)).toBeNull();
    expect((await authenticateWithPassword(owner, NEW_PASSWORD))?.id).toBe(userId);
  });

  it('loses the GitHub account its maker linked when the owner resets the password', async () => {
    const owner = 'pre-hijack-github@example.com';
    const { userId } = await signedInUser(owner, ATTACKER_PASSWORD);
    await getDb().insert(accounts).values({ userId, type: 'oauth', provider: 'github', providerAccountId: 'attacker-4242' });

    await resetThroughMail(owner, NEW_PASSWORD, '203.0.113.64');
    expect(await getDb().select().from(accounts).where(eq(accounts.userId, userId))).toHaveLength(0);
  });

  it('a verified account keeps the GitHub account it linked through a reset', async () => {
    const { userId } = await passwordlessUser('verified-github@example.com');
    await getDb().insert(accounts).values({ userId, type: 'oauth', provider: 'github', providerAccountId: 'owner-1' });
    await resetThroughMail('verified-github@example.com', NEW_PASSWORD, '203.0.113.65');
    expect(await getDb().select().from(accounts).where(eq(accounts.userId, userId))).toHaveLength(1);
  });
});

describe('a session cookie kept from before a reset', () => {
  it('never reaches Auth.js, which would link an OAuth sign-in to its user; a live one does, and other cookies stay', async () => {
    const { cookie: kept } = await signedInUser('kept-cookie@example.com', PASSWORD);
    const live = await newUserSession('kept-cookie@example.com', PASSWORD);
    const request = (cookie: string) => new Headers({ cookie: `theme=dark; ${cookie.split(';')[0]}; other=1` });
    expect((await withoutEndedSession(request(kept))).get('cookie')).toContain('authjs.session-token=');

    await resetThroughMail('kept-cookie@example.com', NEW_PASSWORD, '203.0.113.63');
    expect((await withoutEndedSession(request(kept))).get('cookie')).toBe('theme=dark; other=1');
    expect((await withoutEndedSession(request(live.cookie))).get('cookie')).toBe('theme=dark; other=1');
    const fresh = await newUserSession('kept-cookie@example.com', NEW_PASSWORD);
    expect((await withoutEndedSession(request(fresh.cookie))).get('cookie')).toContain('authjs.session-token=');
  });
});
