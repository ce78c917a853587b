import { and, eq, sql } from 'drizzle-orm';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { accountTokens, sessions, users } from '@/db/schema';
import type { ActionState } from '@/lib/actions/validated-action';
import { issueAccountToken } from '@/lib/auth/account-tokens';
import { requestPasswordReset } from '@/lib/auth/actions/request-password-reset';
import { resetPassword } from '@/lib/auth/actions/reset-password';
import { verifyPassword } from '@/lib/auth/password';
import { createUserWithPassword } from '@/lib/auth/users';
import { allMail, latestMail } from '@/tests/support/mailbox';
import { inRequest } from '@/tests/support/request-scope';
import { sessionThroughAuthJs, signInThroughAuthJs } from '../support/auth-client';

// Links are built from the configured origin, as in production: set before lib/env.ts is read.
vi.hoisted(() => {
  process.env.NEXT_PUBLIC_SITE_URL = 'http://localhost:3000';
});

const OLD_PASSWORD = 'first password';
const NEW_PASSWORD = 'violet-Harbor-93-breeze';
const OTHER_PASSWORD = 'quantum-Walrus-58-lantern';

type Outcome = { state?: ActionState; redirectTo?: string };

async function post(
  action: (previous: ActionState, formData: FormData) => Promise<ActionState>,
  fields: Record<string, string>,
  options: { clientAddress?: string; headers?: Record<string, string> } = {},
): Promise<Outcome> {
  const formData = new FormData();
  for (const [key, value] of Object.entries(fields)) formData.set(key, value);
  const { result, redirectTo } = await inRequest(null, () => action({}, formData), {
    clientAddress: options.clientAddress ?? '203.0.113.20',
    headers: options.headers,
    path: '/forgot-password',
  });
  return { state: result, redirectTo };
}

const askReset = (email: string, options?: Parameters<typeof post>[2]) => post(requestPasswordReset, { email }, options);
const submitReset = (token: string, password: string) => post(resetPassword, { token, password });

async function newUser(email: string, password: string | null = OLD_PASSWORD): Promise<string> {
  if (password === null) {
    const [row] = await getDb().insert(users).values({ email }).returning({ id: users.id });
    if (!row) throw new Error('no user');
    return row.id;
  }
  const created = await createUserWithPassword({ email, password });
  if (!('user' in created)) throw new Error(`could not create ${email}`);
  return created.user.id;
}

async function passwordHashOf(userId: string): Promise<string | null> {
  const [row] = await getDb().select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
  return row?.hash ?? null;
}

/** Asks for a reset and reads the token from the link in the mail, as the person would. */
async function mailedToken(email: string): Promise<string> {
  const before = (await allMail(email, 'reset-password')).length;
  const outcome = await askReset(email);
  expect(outcome.state?.success).toBeDefined();
  const mails = await allMail(email, 'reset-password');
  expect(mails).toHaveLength(before + 1);
  const link = new URL(mails.at(-1)?.links[0] ?? '');
  expect(`${link.origin}${link.pathname}`).toBe('http://localhost:3000/reset-password');
  return link.searchParams.get('token') ?? '';
}

async function signsIn(email: string, password: string): Promise<boolean> {
  return (await signInThroughAuthJs(email, password)).sessionCookie !== null;
}

describe('asking for a reset link', () => {
  it('answers a known and an unknown address alike, and mails each: a link to the one, a notice to the other', async () => {
    await newUser('known@example.com');
    const known = await askReset('known@example.com');
    const unknown = await askReset('unknown@example.com');
    expect(known.state?.error).toBeUndefined();
    expect(unknown.state?.success?.replace('unknown@example.com', 'X')).toBe(known.state?.success?.replace('known@example.com', 'X'));
    expect(Object.keys(unknown.state ?? {}).sort()).toEqual(Object.keys(known.state ?? {}).sort());

    const linkMail = await latestMail('known@example.com');
    expect(linkMail?.template).toBe('reset-password');
    const noticeMail = await latestMail('unknown@example.com');
    expect(noticeMail?.template).toBe('reset-password-no-account');
    expect(noticeMail?.links).toEqual(['http://localhost:3000/sign-up']);
    // Nothing made for the unknown address.
    expect(await getDb().select().from(users).where(eq(users.email, 'unknown@example.com'))).toHaveLength(0);
  });

  it('mails one link and no secret: the token appears only in it, and the table keeps only its hash', async () => {
    const userId = await newUser('secrets@example.com');
    const token = await mailedToken('secrets@example.com');
    const mail = await latestMail('secrets@example.com', 'reset-password');
    expect(mail?.links).toEqual([`http://localhost:3000/reset-password?token=${token}`]);
    expect(mail?.text).not.toContain(OLD_PASSWORD);
    expect(mail?.html).not.toContain(OLD_PASSWORD);
    expect(mail?.text.split(token)).toHaveLength(2);
    const rows = await getDb().select().from(accountTokens).where(eq(accountTokens.userId, userId));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).not.toContain(token);
    expect(rows[0]?.purpose).toBe('reset_password');
    // One hour.
    const ttl = (rows[0]?.expiresAt.getTime() ?? 0) - (rows[0]?.createdAt.getTime() ?? 0);
    expect(Math.round(ttl / 60_000)).toBe(60);
  });

  it('builds the link on the configured origin whatever Host and X-Forwarded-Host the request claims', async () => {
    await newUser('host-header@example.com');
    await askReset('host-header@example.com', {
      headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', origin: 'http://evil.example', 'x-forwarded-proto': 'https' },
    });
    const mail = await latestMail('host-header@example.com', 'reset-password');
    expect(mail?.links).toHaveLength(1);
    expect(new URL(mail?.links[0] ?? '').origin).toBe('http://localhost:3000');
    expect(mail?.html).not.toContain('evil.example');
  });

  it('answers a failed mail alike for known and unknown addresses', async () => {
    await newUser('mail-down@example.com');
    await getDb().execute(sql`alter table mail_message rename to mail_message_away`);
    try {
      const known = await askReset('mail-down@example.com', { clientAddress: '198.51.100.150' });
      const unknown = await askReset('mail-down-unknown@example.com', { clientAddress: '198.51.100.151' });
      expect(known.state?.error).toBeDefined();
      expect(known.state?.success).toBeUndefined();
      expect(unknown.state?.error).toBe(known.state?.error);
    } finally {
      await getDb().execute(sql`alter table mail_message_away rename to mail_message`);
    }
  });

  it('refuses a bad address with a field error and mails nothing', async () => {
    const outcome = await askReset('not-an-email');
    expect(outcome.state?.fieldErrors?.email).toBeDefined();
    expect(await latestMail('not-an-email')).toBeUndefined();
  });

  it('limits requests per address typed, known or not, with the same answer, and mails nothing past the limit', async () => {
    await newUser('flooded@example.com');
    for (const email of ['flooded@example.com', 'flooded-unknown@example.com']) {
      for (let i = 0; i < 5; i += 1) {
        // From different client addresses: the per-address limit is not what stops it.
        expect((await askReset(email, { clientAddress: `198.51.100.${i + 1}` })).state?.success).toBeDefined();
      }
      const refused = await askReset(email, { clientAddress: '198.51.100.99' });
      expect(refused.state?.error).toMatch(/Too many/);
      expect(refused.state?.success).toBeUndefined();
      expect(await allMail(email)).toHaveLength(5);
    }
  });

  it('limits requests per client address across many addresses typed', async () => {
    const clientAddress = '192.0.2.55';
    for (let i = 0; i < 30; i += 1) {
      expect((await askReset(`spray-${i}@example.com`, { clientAddress })).state?.success).toBeDefined();
    }
    const refused = await askReset('spray-last@example.com', { clientAddress });
    expect(refused.state?.error).toMatch(/Too many/);
    expect(await latestMail('spray-last@example.com')).toBeUndefined();
  });
});

describe('setting the new password', () => {
  it('resets once, ends every session of the account, and the new password signs in (the old one not)', async () => {
    const userId = await newUser('reset-me@example.com');
    const laptop = (await signInThroughAuthJs('reset-me@example.com', OLD_PASSWORD)).sessionCookie;
    const phone = (await signInThroughAuthJs('reset-me@example.com', OLD_PASSWORD)).sessionCookie;
    expect(await sessionThroughAuthJs(laptop)).not.toBeNull();

    const token = await mailedToken('reset-me@example.com');
    const outcome = await submitReset(token, NEW_PASSWORD);
    expect(outcome.redirectTo).toBe('/sign-in?reset=done');

    expect(await sessionThroughAuthJs(laptop)).toBeNull();
    expect(await sessionThroughAuthJs(phone)).toBeNull();
    expect(await getDb().select().from(sessions).where(eq(sessions.userId, userId))).toHaveLength(0);
    expect(await signsIn('reset-me@example.com', OLD_PASSWORD)).toBe(false);
    expect(await signsIn('reset-me@example.com', NEW_PASSWORD)).toBe(true);
  });

  it('opening the link (the page, or a mail scanner fetching it) spends nothing', async () => {
    await newUser('scanner@example.com');
    const token = await mailedToken('scanner@example.com');
    const { default: ResetPasswordPage } = await import('@/app/(auth)/reset-password/page');
    for (let i = 0; i < 2; i += 1) {
      const page = await inRequest(null, () => ResetPasswordPage({ searchParams: Promise.resolve({ token }), params: Promise.resolve({}) }), {
        path: '/reset-password',
      });
      expect(renderToStaticMarkup(page.result ?? null)).toContain('Choose a new password');
    }
    expect((await submitReset(token, NEW_PASSWORD)).redirectTo).toBe('/sign-in?reset=done');
    const spent = await inRequest(null, () => ResetPasswordPage({ searchParams: Promise.resolve({ token }), params: Promise.resolve({}) }), {
      path: '/reset-password',
    });
    expect(renderToStaticMarkup(spent.result ?? null)).toContain('This link no longer works');
  });

  it('refuses the same link a second time (replay) and leaves the password as the first reset set it', async () => {
    const userId = await newUser('replay@example.com');
    const token = await mailedToken('replay@example.com');
    expect((await submitReset(token, NEW_PASSWORD)).redirectTo).toBeDefined();
    const hash = await passwordHashOf(userId);
    const replay = await submitReset(token, OTHER_PASSWORD);
    expect(replay.redirectTo).toBeUndefined();
    expect(replay.state?.error).toBeDefined();
    expect(await passwordHashOf(userId)).toBe(hash);
    expect(await signsIn('replay@example.com', OTHER_PASSWORD)).toBe(false);
  });

  it('of two submits of one link at once, exactly one resets', async () => {
    const userId = await newUser('double@example.com');
    const token = await mailedToken('double@example.com');
    const outcomes = await Promise.all([submitReset(token, NEW_PASSWORD), submitReset(token, OTHER_PASSWORD)]);
    const winners = outcomes.filter((outcome) => outcome.redirectTo === '/sign-in?reset=done');
    expect(winners).toHaveLength(1);
    const hash = (await passwordHashOf(userId)) ?? '';
    const winner = outcomes[0]?.redirectTo ? NEW_PASSWORD : OTHER_PASSWORD;
    expect(await verifyPassword(hash, winner)).toBe(true);
  });

  it('refuses an expired link, and changes nothing', async () => {
    const userId = await newUser('expired@example.com');
    const token = await mailedToken('expired@example.com');
    const hash = await passwordHashOf(userId);
    await getDb().update(accountTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(accountTokens.userId, userId));
    const outcome = await submitReset(token, NEW_PASSWORD);
    expect(outcome.redirectTo).toBeUndefined();
    expect(outcome.state?.error).toBeDefined();
    expect(await passwordHashOf(userId)).toBe(hash);
  });

  it('refuses a token of another purpose (an email-verification link) and leaves that token unspent', async () => {
    const userId = await newUser('other-purpose@example.com');
    const verifyToken = await issueAccountToken({ userId, purpose: 'verify_email', email: 'other-purpose@example.com' });
    const hash = await passwordHashOf(userId);
    const outcome = await submitReset(verifyToken, NEW_PASSWORD);
    expect(outcome.redirectTo).toBeUndefined();
    expect(await passwordHashOf(userId)).toBe(hash);
    const [row] = await getDb().select().from(accountTokens).where(and(eq(accountTokens.userId, userId), eq(accountTokens.purpose, 'verify_email')));
    expect(row?.usedAt).toBeNull();
  });

  it('refuses a made-up token', async () => {
    const outcome = await submitReset('A'.repeat(43), NEW_PASSWORD);
    expect(outcome.redirectTo).toBeUndefined();
    expect(outcome.state?.error).toBeDefined();
  });

  it('revokes the earlier links once one of them was used', async () => {
    await newUser('many-links@example.com');
    const first = await mailedToken('many-links@example.com');
    const second = await mailedToken('many-links@example.com');
    expect((await submitReset(second, NEW_PASSWORD)).redirectTo).toBeDefined();
    expect((await submitReset(first, OTHER_PASSWORD)).redirectTo).toBeUndefined();
    expect(await signsIn('many-links@example.com', NEW_PASSWORD)).toBe(true);
  });

  it('refuses a weak password with a field error and leaves the link usable', async () => {
    const userId = await newUser('weak@example.com');
    const token = await mailedToken('weak@example.com');
    const hash = await passwordHashOf(userId);
    for (const weak of ['password1', 'short', 'weak@example.com']) {
      const outcome = await submitReset(token, weak);
      expect(outcome.redirectTo).toBeUndefined();
      expect(outcome.state?.fieldErrors?.password?.length).toBeGreaterThan(0);
    }
    expect(await passwordHashOf(userId)).toBe(hash);
    expect((await submitReset(token, NEW_PASSWORD)).redirectTo).toBe('/sign-in?reset=done');
  });

  it('never sends the password or the token back to the form', async () => {
    await newUser('echo@example.com');
    const token = await mailedToken('echo@example.com');
    const outcome = await submitReset(token, 'password1');
    expect(JSON.stringify(outcome.state)).not.toContain(token);
    expect(JSON.stringify(outcome.state)).not.toContain('password1');
  });

  it('lets an account without a password (GitHub only) set one, and marks the address verified', async () => {
    const userId = await newUser('github-only@example.com', null);
    const token = await mailedToken('github-only@example.com');
    expect((await submitReset(token, NEW_PASSWORD)).redirectTo).toBe('/sign-in?reset=done');
    expect(await signsIn('github-only@example.com', NEW_PASSWORD)).toBe(true);
    const [row] = await getDb().select({ verified: users.emailVerified }).from(users).where(eq(users.id, userId));
    expect(row?.verified).toBeInstanceOf(Date);
  });

  it('does nothing with a link mailed to an address the account no longer has', async () => {
    const userId = await newUser('moved@example.com');
    const token = await mailedToken('moved@example.com');
    await getDb().update(users).set({ email: 'moved-elsewhere@example.com' }).where(eq(users.id, userId));
    const hash = await passwordHashOf(userId);
    expect((await submitReset(token, NEW_PASSWORD)).redirectTo).toBeUndefined();
    expect(await passwordHashOf(userId)).toBe(hash);
  });
});
