import { encode } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { sessions } from '@/db/schema';
import { auth } from '@/lib/auth';
import { changePassword } from '@/lib/auth/actions/change-password';
import { signOut } from '@/lib/auth/actions/sign-out';
import { signOutEverywhere } from '@/lib/auth/actions/sign-out-everywhere';
import { createUserWithPassword } from '@/lib/auth/users';
import { env } from '@/lib/env';
import proxy from '@/proxy';
import { ORIGIN, sessionThroughAuthJs, signInThroughAuthJs, signOutThroughAuthJs } from '../support/auth-client';
import { inRequest } from '../support/request-scope';
import { form } from './support/form-post';

const COOKIE_NAME = 'authjs.session-token';
// Strong enough for the strength rule, so that what a test checks is the rule it is about.
const NEW_PASSWORD = 'violet-Harbor-93-breeze';
const ATTACKER_PASSWORD = 'quantum-Walrus-58-lantern';

/** Runs the real proxy.ts, as Next.js does before rendering a route. */
async function visit(path: string, sessionCookie: string | null): Promise<{ status: number; location: string | null }> {
  const headers = new Headers({ host: 'localhost:3000', 'x-forwarded-proto': 'http' });
  if (sessionCookie) headers.set('cookie', sessionCookie.split(';')[0] ?? '');
  const response = await proxy(new NextRequest(`${ORIGIN}${path}`, { headers }), { params: Promise.resolve({}) });
  if (!response) throw new Error('the proxy returned nothing');
  const location = response.headers.get('location');
  return { status: response.status, location: location ? location.replace(ORIGIN, '') : null };
}

/** Who `auth()` says is signed in, for a request carrying this cookie (as pages and actions see it). */
async function signedInAs(sessionCookie: string | null): Promise<string | null> {
  const { result } = await inRequest(sessionCookie, () => auth());
  return result?.user?.id ?? null;
}

/** Every way the app reads a session agrees that this cookie is signed out. */
async function expectDead(sessionCookie: string | null): Promise<void> {
  expect(await visit('/dashboard', sessionCookie)).toEqual({ status: 307, location: '/sign-in?callbackUrl=%2Fdashboard' });
  expect(await visit('/account', sessionCookie)).toMatchObject({ status: 307 });
  expect(await signedInAs(sessionCookie)).toBeNull();
  expect(await sessionThroughAuthJs(sessionCookie)).toBeNull();
}

async function expectAlive(sessionCookie: string | null, userId: string): Promise<void> {
  expect(await visit('/dashboard', sessionCookie)).toEqual({ status: 200, location: null });
  expect(await signedInAs(sessionCookie)).toBe(userId);
}

async function newUser(email: string, password = 'first password'): Promise<string> {
  const created = await createUserWithPassword({ email, password });
  if (!('user' in created)) throw new Error(`could not create ${email}`);
  return created.user.id;
}

async function signedInCookie(email: string, password = 'first password'): Promise<string> {
  const { sessionCookie } = await signInThroughAuthJs(email, password);
  if (!sessionCookie) throw new Error(`${email} could not sign in`);
  return sessionCookie;
}

/** A session cookie made with the app's own secret, as Auth.js makes them: only the claims differ. */
function mintCookie(claims: Record<string, string>): Promise<string> {
  return encode({ token: claims, secret: env.authSecret, salt: COOKIE_NAME }).then((value) => `${COOKIE_NAME}=${value}`);
}

describe('signing out ends the session on the server', () => {
  it('refuses a cookie saved before signing out through Auth.js', async () => {
    const userId = await newUser('saved-cookie@example.com');
    const saved = await signedInCookie('saved-cookie@example.com');
    await expectAlive(saved, userId);

    const response = await signOutThroughAuthJs(saved);
    expect(response.status).toBe(302);
    expect(response.headers.getSetCookie().some((c) => c.startsWith(`${COOKIE_NAME}=;`))).toBe(true);

    // The attacker replays the cookie they copied before the user signed out.
    await expectDead(saved);
  });

  it('refuses a cookie saved before the sign-out button (Server Action)', async () => {
    const userId = await newUser('sign-out-action@example.com');
    const saved = await signedInCookie('sign-out-action@example.com');
    await expectAlive(saved, userId);

    const outcome = await inRequest(saved, () => signOut());
    expect(outcome.redirectTo).toBe(`${ORIGIN}/`);
    expect(outcome.setCookies.some((c) => c.startsWith(`${COOKIE_NAME}=;`))).toBe(true);
    await expectDead(saved);
  });

  it('leaves the other sessions of the user and of others alone', async () => {
    const userId = await newUser('two-devices@example.com');
    const laptop = await signedInCookie('two-devices@example.com');
    const phone = await signedInCookie('two-devices@example.com');
    await signOutThroughAuthJs(laptop);
    await expectDead(laptop);
    await expectAlive(phone, userId);
  });
});

describe('sign out of all devices', () => {
  it('ends every session of the user, this one included, and no one else’s', async () => {
    const userId = await newUser('everywhere@example.com');
    const otherId = await newUser('bystander@example.com');
    const laptop = await signedInCookie('everywhere@example.com');
    const phone = await signedInCookie('everywhere@example.com');
    const bystander = await signedInCookie('bystander@example.com');
    await expectAlive(laptop, userId);
    await expectAlive(phone, userId);

    const outcome = await inRequest(laptop, () => signOutEverywhere({}, form()));
    expect(outcome.redirectTo).toBe(`${ORIGIN}/sign-in`);
    expect(outcome.setCookies.some((c) => c.startsWith(`${COOKIE_NAME}=;`))).toBe(true);

    await expectDead(laptop);
    await expectDead(phone);
    await expectAlive(bystander, otherId);
    expect(await getDb().select().from(sessions).where(eq(sessions.userId, userId))).toHaveLength(0);
  });

  it('does nothing for a request that is not signed in', async () => {
    const userId = await newUser('not-me@example.com');
    const victim = await signedInCookie('not-me@example.com');
    const outcome = await inRequest(null, () => signOutEverywhere({}, form()));
    expect(outcome.result?.error).toBeDefined();
    await expectAlive(victim, userId);
  });
});

describe('changing the password', () => {
  it('ends every other session, keeps this one, and retires the old password', async () => {
    const userId = await newUser('changer@example.com');
    const current = await signedInCookie('changer@example.com');
    const stolen = await signedInCookie('changer@example.com');

    const outcome = await inRequest(current, () =>
      changePassword({}, form({ currentPassword: 'first password', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })),
    );
    expect(outcome.result?.success).toBeDefined();
    expect(outcome.result?.error).toBeUndefined();

    await expectDead(stolen);
    await expectAlive(current, userId);
    expect((await signInThroughAuthJs('changer@example.com', 'first password')).sessionCookie).toBeNull();
    const fresh = await signedInCookie('changer@example.com', NEW_PASSWORD);
    await expectAlive(fresh, userId);
  });

  it('refuses a wrong current password and changes nothing', async () => {
    const userId = await newUser('guesser-target@example.com');
    const current = await signedInCookie('guesser-target@example.com');
    const other = await signedInCookie('guesser-target@example.com');

    const outcome = await inRequest(current, () =>
      changePassword({}, form({ currentPassword: 'a guess', newPassword: ATTACKER_PASSWORD, confirmPassword: ATTACKER_PASSWORD })),
    );
    expect(outcome.result?.fieldErrors?.currentPassword).toBeDefined();
    expect(JSON.stringify(outcome.result)).not.toContain(ATTACKER_PASSWORD);

    await expectAlive(other, userId);
    expect((await signInThroughAuthJs('guesser-target@example.com', ATTACKER_PASSWORD)).sessionCookie).toBeNull();
    expect((await signInThroughAuthJs('guesser-target@example.com', 'first password')).sessionCookie).not.toBeNull();
  });

  it('refuses mismatched or too short new passwords with field errors, changing nothing', async () => {
    await newUser('typo@example.com');
    const current = await signedInCookie('typo@example.com');
    const mismatch = await inRequest(current, () =>
      changePassword({}, form({ currentPassword: 'first password', newPassword: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}x` })),
    );
    expect(mismatch.result?.fieldErrors?.confirmPassword).toBeDefined();
    const short = await inRequest(current, () => changePassword({}, form({ currentPassword: 'first password', newPassword: 'short', confirmPassword: 'short' })));
    expect(short.result?.fieldErrors?.newPassword).toBeDefined();
    expect((await signInThroughAuthJs('typo@example.com', 'first password')).sessionCookie).not.toBeNull();
  });

  it('refuses an easily guessed new password, or one made of the user’s email, changing nothing', async () => {
    await newUser('margaret.hamilton@example.com');
    const current = await signedInCookie('margaret.hamilton@example.com');
    for (const weak of ['password123', 'margarethamilton1']) {
      const outcome = await inRequest(current, () =>
        changePassword({}, form({ currentPassword: 'first password', newPassword: weak, confirmPassword: weak })),
      );
      expect(outcome.result?.fieldErrors?.newPassword).toBeDefined();
      expect((await signInThroughAuthJs('margaret.hamilton@example.com', weak)).sessionCookie).toBeNull();
    }
    expect((await signInThroughAuthJs('margaret.hamilton@example.com', 'first password')).sessionCookie).not.toBeNull();
  });

  it('stops a session holder guessing the current password: after 10 wrong guesses even the right one is refused', async () => {
    const userId = await newUser('stolen-cookie@example.com');
    const stolen = await signedInCookie('stolen-cookie@example.com');
    const owner = await signedInCookie('stolen-cookie@example.com');
    for (let guess = 0; guess < 10; guess++) {
      const outcome = await inRequest(stolen, () =>
        changePassword({}, form({ currentPassword: `guess number ${guess}`, newPassword: ATTACKER_PASSWORD, confirmPassword: ATTACKER_PASSWORD })),
      );
      expect(outcome.result?.fieldErrors?.currentPassword).toBeDefined();
    }
    const lucky = await inRequest(stolen, () =>
      changePassword({}, form({ currentPassword: 'first password', newPassword: ATTACKER_PASSWORD, confirmPassword: ATTACKER_PASSWORD })),
    );
    expect(lucky.result?.error).toBeDefined();
    expect(lucky.result?.success).toBeUndefined();
    // Nothing changed: the owner is still signed in and the password is still theirs.
    await expectAlive(owner, userId);
    expect(await getDb().select().from(sessions).where(eq(sessions.userId, userId))).toHaveLength(2);
  });

  it('does nothing for a request that is not signed in', async () => {
    await newUser('anonymous-change@example.com');
    const outcome = await inRequest(null, () =>
      changePassword({}, form({ currentPassword: 'first password', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })),
    );
    expect(outcome.result?.error).toBeDefined();
    expect((await signInThroughAuthJs('anonymous-change@example.com', 'first password')).sessionCookie).not.toBeNull();
  });
});

describe('tokens that name no live session', () => {
  it('refuses a validly signed token without a session id (issued before sessions were recorded)', async () => {
    const userId = await newUser('legacy-token@example.com');
    await expectDead(await mintCookie({ sub: userId, email: 'legacy-token@example.com' }));
  });

  it('refuses a made-up session id, and another user’s session id under this user', async () => {
    const userId = await newUser('forger@example.com');
    const victimId = await newUser('forger-victim@example.com');
    await expectDead(await mintCookie({ sub: userId, sid: 'made-up-session-id' }));

    const victim = await signedInCookie('forger-victim@example.com');
    const [victimRow] = await getDb().select().from(sessions).where(eq(sessions.userId, victimId));
    expect(victimRow).toBeDefined();
    await expectDead(await mintCookie({ sub: userId, sid: victimRow?.sessionToken ?? '' }));
    await expectAlive(victim, victimId);
  });

  it('keeps an active session alive past its first expiry: use moves the row’s expiry forward', async () => {
    const userId = await newUser('active@example.com');
    const soon = new Date(Date.now() + 24 * 60 * 60 * 1000);
    await getDb().insert(sessions).values({ sessionToken: 'active-session', userId, expires: soon });
    await expectAlive(await mintCookie({ sub: userId, sid: 'active-session' }), userId);
    const [row] = await getDb().select().from(sessions).where(eq(sessions.sessionToken, 'active-session'));
    expect(row?.expires.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 60 * 60 * 1000);
  });

  it('refuses a session whose row has run out', async () => {
    const userId = await newUser('expired@example.com');
    await getDb()
      .insert(sessions)
      .values({ sessionToken: 'expired-session', userId, expires: new Date(Date.now() - 1000) });
    await expectDead(await mintCookie({ sub: userId, sid: 'expired-session' }));
  });
});
