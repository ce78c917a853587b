import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { sessions, users, verificationTokens } from '@/db/schema';
import type { ActionState } from '@/lib/actions/validated-action';
import { requestMagicLink } from '@/lib/auth/actions/request-magic-link';
import { magicLinkIsLive } from '@/lib/auth/magic-link';
import { createUserWithPassword } from '@/lib/auth/users';
import { env } from '@/lib/env';
import { allMail, latestMail } from '@/tests/support/mailbox';
import { inRequest } from '@/tests/support/request-scope';
import { ORIGIN, sessionThroughAuthJs } from '../support/auth-client';
import { csrfFor, loadAuthRoute } from './support/auth-route';

// Links are built from the configured origin, as in production: set before lib/env.ts is read.
vi.hoisted(() => {
  process.env.NEXT_PUBLIC_SITE_URL = 'http://localhost:3000';
});

async function ask(
  email: string,
  options: { clientAddress?: string; headers?: Record<string, string>; callbackUrl?: string } = {},
): Promise<ActionState | undefined> {
  const formData = new FormData();
  formData.set('email', email);
  if (options.callbackUrl) formData.set('callbackUrl', options.callbackUrl);
  const { result } = await inRequest(null, () => requestMagicLink({}, formData), {
    clientAddress: options.clientAddress ?? '203.0.113.30',
    headers: options.headers,
    path: '/sign-in',
  });
  return result;
}

type Link = { token: string; email: string; callbackUrl: string; url: URL };

async function mailedLink(email: string): Promise<Link> {
  const mail = await latestMail(email, 'sign-in-link');
  expect(mail?.links).toHaveLength(1);
  const url = new URL(mail?.links[0] ?? '');
  expect(`${url.origin}${url.pathname}`).toBe('http://localhost:3000/sign-in-link');
  return {
    url,
    token: url.searchParams.get('token') ?? '',
    email: url.searchParams.get('email') ?? '',
    callbackUrl: url.searchParams.get('callbackUrl') ?? '',
  };
}

/** What the /sign-in-link page's button does: POST to Auth.js's email callback with the link's values. */
async function follow(link: Pick<Link, 'token' | 'email' | 'callbackUrl'>): Promise<{ status: number; location: string; sessionCookie: string | null }> {
  const query = new URLSearchParams({ token: link.token, email: link.email, callbackUrl: link.callbackUrl });
  const route = await loadAuthRoute();
  const response = await route.POST(
    new NextRequest(`${ORIGIN}/api/auth/callback/email?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'localhost:3000' },
      body: '',
    }),
  );
  const sessionCookie = response.headers.getSetCookie().find((c) => c.startsWith('authjs.session-token=') && !c.startsWith('authjs.session-token=;')) ?? null;
  return { status: response.status, location: response.headers.get('location') ?? '', sessionCookie };
}

/** An account whose address is confirmed: only those sign in by link (account-takeover.test.ts has the others). */
async function newUser(email: string): Promise<string> {
  const created = await createUserWithPassword({ email, password: 'first password' });
  if (!('user' in created)) throw new Error(`could not create ${email}`);
  await getDb().update(users).set({ emailVerified: new Date() }).where(eq(users.id, created.user.id));
  return created.user.id;
}

describe('magic-link sign-in', () => {
  it('mails a link to an existing account; following it signs in with a session row of its own', async () => {
    const userId = await newUser('linked@example.com');
    const answer = await ask('linked@example.com', { callbackUrl: '/billing' });
    expect(answer?.success).toBeDefined();
    const link = await mailedLink('linked@example.com');
    expect(link.email).toBe('linked@example.com');
    expect(link.callbackUrl).toBe('/billing');
    const mail = await latestMail('linked@example.com', 'sign-in-link');
    // The one token, and only in the link.
    expect(mail?.text.split(link.token)).toHaveLength(2);

    const followed = await follow(link);
    expect(followed.status).toBe(302);
    expect(followed.location).toBe(`${ORIGIN}/billing`);
    expect(followed.sessionCookie).not.toBeNull();
    expect((await sessionThroughAuthJs(followed.sessionCookie))?.user?.id).toBe(userId);
    expect(await getDb().select().from(sessions).where(eq(sessions.userId, userId))).toHaveLength(1);
    const [row] = await getDb().select({ verified: users.emailVerified }).from(users).where(eq(users.id, userId));
    expect(row?.verified).toBeInstanceOf(Date);
  });

  it('refuses a link whose account has no confirmed address by the time it is followed', async () => {
    const userId = await newUser('unconfirmed-later@example.com');
    await ask('unconfirmed-later@example.com');
    const link = await mailedLink('unconfirmed-later@example.com');
    await getDb().update(users).set({ emailVerified: null }).where(eq(users.id, userId));
    const followed = await follow(link);
    expect(followed.sessionCookie).toBeNull();
    expect(await getDb().select().from(sessions).where(eq(sessions.userId, userId))).toHaveLength(0);
  });

  it('opening the link spends nothing (mail scanners fetch links); the post spends it, once', async () => {
    await newUser('scanned@example.com');
    await ask('scanned@example.com');
    const link = await mailedLink('scanned@example.com');
    expect(await magicLinkIsLive(link)).toBe(true);
    expect(await magicLinkIsLive(link)).toBe(true);
    expect((await follow(link)).sessionCookie).not.toBeNull();
    expect(await magicLinkIsLive(link)).toBe(false);

    const replay = await follow(link);
    expect(replay.sessionCookie).toBeNull();
    expect(replay.location).toBe(`${ORIGIN}/sign-in?error=Verification`);
  });

  it('refuses an expired link', async () => {
    await newUser('late@example.com');
    await ask('late@example.com');
    const link = await mailedLink('late@example.com');
    await getDb().update(verificationTokens).set({ expires: sql`now() - interval '1 second'` }).where(eq(verificationTokens.identifier, 'late@example.com'));
    expect(await magicLinkIsLive(link)).toBe(false);
    expect((await follow(link)).sessionCookie).toBeNull();
  });

  it("refuses another address's token and a made-up one", async () => {
    await newUser('victim@example.com');
    await newUser('attacker@example.com');
    await ask('attacker@example.com');
    const link = await mailedLink('attacker@example.com');
    expect((await follow({ ...link, email: 'victim@example.com' })).sessionCookie).toBeNull();
    expect((await follow({ ...link, token: 'A'.repeat(64) })).sessionCookie).toBeNull();
  });

  it('answers an unknown address as a known one, mails it a notice instead of a link, and creates no account', async () => {
    await newUser('known-link@example.com');
    const known = await ask('known-link@example.com');
    const unknown = await ask('nobody-link@example.com');
    expect(unknown?.success?.replace('nobody-link@example.com', 'X')).toBe(known?.success?.replace('known-link@example.com', 'X'));
    expect(Object.keys(unknown ?? {}).sort()).toEqual(Object.keys(known ?? {}).sort());
    expect(await latestMail('nobody-link@example.com', 'sign-in-link')).toBeUndefined();
    expect((await latestMail('nobody-link@example.com'))?.template).toBe('sign-in-no-account');
    expect(await getDb().select().from(users).where(eq(users.email, 'nobody-link@example.com'))).toHaveLength(0);
  });

  it('never creates an account, even from a valid token for an unknown address', async () => {
    // As if the token had leaked: Auth.js keeps SHA-256 of the token and the secret.
    const token = 'leaked-token-for-an-unknown-address';
    await getDb()
      .insert(verificationTokens)
      .values({
        identifier: 'no-account@example.com',
        token: createHash('sha256').update(`${token}${env.authSecret}`).digest('hex'),
        expires: new Date(Date.now() + 10 * 60_000),
      });
    const followed = await follow({ token, email: 'no-account@example.com', callbackUrl: '/dashboard' });
    expect(followed.sessionCookie).toBeNull();
    expect(followed.location).toBe(`${ORIGIN}/sign-in?error=AccessDenied`);
    expect(await getDb().select().from(users).where(eq(users.email, 'no-account@example.com'))).toHaveLength(0);
  });

  it('never makes a second account for an address that has one, whatever its case', async () => {
    const userId = await newUser('one-account@example.com');
    await ask('One-Account@Example.com');
    const link = await mailedLink('one-account@example.com');
    const followed = await follow(link);
    expect((await sessionThroughAuthJs(followed.sessionCookie))?.user?.id).toBe(userId);
    expect(await getDb().select().from(users).where(sql`lower(${users.email}) = 'one-account@example.com'`)).toHaveLength(1);
  });

  it('builds the link on the configured origin whatever Host and X-Forwarded-Host the request claims', async () => {
    await newUser('link-host@example.com');
    await ask('link-host@example.com', { headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' } });
    const mail = await latestMail('link-host@example.com', 'sign-in-link');
    expect(mail?.links.map((link) => new URL(link).origin)).toEqual(['http://localhost:3000']);
    expect(mail?.html).not.toContain('evil.example');
  });

  it('keeps the sign-in on our site: a foreign callbackUrl asked for or written into the link goes to our own page', async () => {
    await newUser('redirect@example.com');
    await ask('redirect@example.com', { callbackUrl: 'https://evil.example/phish' });
    const link = await mailedLink('redirect@example.com');
    expect(link.callbackUrl).toBe('/dashboard');
    const followed = await follow({ ...link, callbackUrl: 'https://evil.example/phish' });
    expect(followed.sessionCookie).not.toBeNull();
    expect(new URL(followed.location).origin).toBe(ORIGIN);
  });

  it('limits links per address typed, known or not, with the same answer; the Auth.js route answers 429 past it', async () => {
    await newUser('many-links@example.com');
    for (const email of ['many-links@example.com', 'many-links-unknown@example.com']) {
      for (let i = 0; i < 5; i += 1) {
        expect((await ask(email, { clientAddress: `198.51.100.${i + 1}` }))?.success).toBeDefined();
      }
      const refused = await ask(email, { clientAddress: '198.51.100.99' });
      expect(refused?.error).toMatch(/Too many/);
      expect(await allMail(email)).toHaveLength(5);
    }
    // The same limit whichever way it is asked for: straight to Auth.js's endpoint too.
    const route = await loadAuthRoute();
    const csrf = await csrfFor(route);
    const response = await route.POST(
      new NextRequest(`${ORIGIN}/api/auth/signin/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrf.cookie, 'x-forwarded-for': '198.51.100.200' },
        body: new URLSearchParams({ csrfToken: csrf.csrfToken, email: 'many-links@example.com', callbackUrl: `${ORIGIN}/dashboard` }),
      }),
    );
    expect(response.status).toBe(429);
    expect(await allMail('many-links@example.com')).toHaveLength(5);
  });

  it('says so when the mail cannot be sent, alike for known and unknown addresses', async () => {
    await newUser('mail-down@example.com');
    // The mailbox's table gone for a moment: the transport fails as a mail server would.
    await getDb().execute(sql`alter table mail_message rename to mail_message_away`);
    try {
      const known = await ask('mail-down@example.com', { clientAddress: '198.51.100.150' });
      const unknown = await ask('mail-down-unknown@example.com', { clientAddress: '198.51.100.151' });
      expect(known?.error).toMatch(/could not send/);
      expect(known?.success).toBeUndefined();
      expect(unknown?.error).toBe(known?.error);
    } finally {
      await getDb().execute(sql`alter table mail_message_away rename to mail_message`);
    }
  });

  it('refuses a bad address with a field error and sends nothing', async () => {
    const answer = await ask('not an email');
    expect(answer?.fieldErrors?.email).toBeDefined();
    expect(await latestMail('not an email')).toBeUndefined();
  });
});
