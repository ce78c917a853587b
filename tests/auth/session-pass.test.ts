import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { readSession, reissuedSessionCookie } from '@/lib/auth/read-session';
import { acceptSessionPass, issueSessionPass, SESSION_PASS_HEADER } from '@/lib/auth/session-pass';
import { currentSessionId, currentUser } from '@/lib/auth/session';
import { endSession, endUserSessions } from '@/lib/auth/sessions';
import { decryptSessionToken } from '@/lib/auth/session-token';
import { createUserWithPassword } from '@/lib/auth/users';
import proxy from '@/proxy';
import { ORIGIN, signInThroughAuthJs } from '../support/auth-client';
import { inRequest } from '../support/request-scope';

// proxy.ts verifies the session (cookie and row) and hands the page a signed pass, so that the page
// does not do it again. These are the attacks on that hand-over, each with its outcome: who the
// page thinks is signed in, and whether the proxy lets the request through.

const COOKIE_NAME = 'authjs.session-token';

async function newUser(email: string): Promise<string> {
  const created = await createUserWithPassword({ email, password: 'first password' });
  if (!('user' in created)) throw new Error(`could not create ${email}`);
  return created.user.id;
}

/** `name=value` of a fresh session cookie from the real Auth.js sign-in. */
async function signedInCookie(email: string): Promise<string> {
  const { sessionCookie } = await signInThroughAuthJs(email, 'first password');
  if (!sessionCookie) throw new Error(`${email} could not sign in`);
  return sessionCookie.split(';')[0] ?? '';
}

const cookieValue = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1);

/** Runs the real proxy.ts; returns its status and the headers it forwards to the page. */
async function throughProxy(path: string, cookie: string | null, sent: Record<string, string> = {}) {
  const headers = new Headers({ host: 'localhost:3000', 'x-forwarded-proto': 'http', ...sent });
  if (cookie) headers.set('cookie', cookie);
  const response = await proxy(new NextRequest(`${ORIGIN}${path}`, { headers }));
  const overridden = response.headers.get('x-middleware-override-headers')?.split(',') ?? [];
  const forwarded = (name: string) => (overridden.includes(name) ? response.headers.get(`x-middleware-request-${name}`) : null);
  return { status: response.status, pass: forwarded(SESSION_PASS_HEADER), setCookies: response.headers.getSetCookie() };
}

/** Who the page's currentUser() says is signed in, for a request with this cookie and these headers. */
async function pageSees(cookie: string | null, headers: Record<string, string> = {}): Promise<string | null> {
  const { result } = await inRequest(cookie, () => currentUser(), { headers });
  return result?.id ?? null;
}

describe('the session pass from proxy.ts to the page', () => {
  it('carries the verified session to the page, which then needs no cookie decryption or row read', async () => {
    const userId = await newUser('pass-holder@example.com');
    const cookie = await signedInCookie('pass-holder@example.com');
    const { status, pass } = await throughProxy('/dashboard', cookie);
    expect(status).toBe(200);
    expect(pass).not.toBeNull();
    expect(acceptSessionPass(pass, cookieValue(cookie))?.user.id).toBe(userId);
    expect(await pageSees(cookie, { [SESSION_PASS_HEADER]: pass ?? '' })).toBe(userId);
    // The session id comes with it, for "end my other sessions".
    const { result: sid } = await inRequest(cookie, () => currentSessionId(userId), { headers: { [SESSION_PASS_HEADER]: pass ?? '' } });
    expect(sid).toEqual(expect.any(String));
  });

  it('drops a pass a client sends on every path, so it never reaches a page', async () => {
    const victimId = await newUser('pass-victim@example.com');
    const victimCookie = await signedInCookie('pass-victim@example.com');
    await newUser('pass-attacker@example.com');
    const attackerCookie = await signedInCookie('pass-attacker@example.com');
    const victimPass = (await throughProxy('/dashboard', victimCookie)).pass ?? '';
    for (const path of ['/', '/pricing', '/dashboard', '/sign-in']) {
      const signedOut = await throughProxy(path, null, { [SESSION_PASS_HEADER]: victimPass });
      expect(signedOut.pass).toBeNull();
      const other = await throughProxy(path, attackerCookie, { [SESSION_PASS_HEADER]: victimPass });
      expect(other.pass === null || acceptSessionPass(other.pass, cookieValue(attackerCookie))?.user.id !== victimId).toBe(true);
    }
  });

  it('is worth nothing to a page without the cookie it was issued for: the page reads the cookie it gets', async () => {
    const victimId = await newUser('pass-owner@example.com');
    const victimCookie = await signedInCookie('pass-owner@example.com');
    const attackerId = await newUser('pass-thief@example.com');
    const attackerCookie = await signedInCookie('pass-thief@example.com');
    const stolen = (await throughProxy('/dashboard', victimCookie)).pass ?? '';
    expect(await pageSees(attackerCookie, { [SESSION_PASS_HEADER]: stolen })).toBe(attackerId);
    expect(await pageSees(null, { [SESSION_PASS_HEADER]: stolen })).toBeNull();
    expect(await pageSees(`${COOKIE_NAME}=not-a-token`, { [SESSION_PASS_HEADER]: stolen })).toBeNull();
    expect(await pageSees(victimCookie, { [SESSION_PASS_HEADER]: stolen })).toBe(victimId);
  });

  it('refuses forged, altered, and stale passes: the page verifies the cookie itself', async () => {
    const userId = await newUser('pass-forgery@example.com');
    const cookie = await signedInCookie('pass-forgery@example.com');
    const otherId = await newUser('pass-impersonated@example.com');
    const live = await throughProxy('/dashboard', cookie);
    const [payload = '', mac = ''] = (live.pass ?? '').split('.');

    // Another user's id in the payload, under the real signature.
    const fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown[];
    const swapped = Buffer.from(JSON.stringify([fields[0], otherId, ...fields.slice(2)])).toString('base64url');
    expect(acceptSessionPass(`${swapped}.${mac}`, cookieValue(cookie))).toBeNull();
    expect(await pageSees(cookie, { [SESSION_PASS_HEADER]: `${swapped}.${mac}` })).toBe(userId);

    // A pass for the other user, signed with a made-up secret.
    const { createHmac } = await import('node:crypto');
    const forgedPayload = Buffer.from(JSON.stringify([Date.now(), otherId, 'sid', null, null])).toString('base64url');
    const forgedMac = createHmac('sha256', 'guessed').update(`entitle-session-pass|${forgedPayload}|${cookieValue(cookie)}`).digest('base64url');
    expect(await pageSees(cookie, { [SESSION_PASS_HEADER]: `${forgedPayload}.${forgedMac}` })).toBe(userId);

    // A replayed pass, once stale, opens nothing by itself: with an ended session the page says signed out.
    const session = { user: { id: userId, email: null, name: null }, sid: 'ended-session', cookie: { name: COOKIE_NAME, value: cookieValue(cookie) }, claims: {} };
    const stale = issueSessionPass(session, Date.now() - 11_000);
    expect(acceptSessionPass(stale, cookieValue(cookie))).toBeNull();
    const fresh = issueSessionPass(session);
    expect(acceptSessionPass(fresh, cookieValue(cookie))?.user.id).toBe(userId);
    expect(acceptSessionPass(issueSessionPass(session, Date.now() + 5_000), cookieValue(cookie))).toBeNull();
  });
});

describe('revocation through the proxy and the page', () => {
  it('ends a session at once: the next request is turned away by the proxy and the page sees no one', async () => {
    const userId = await newUser('revoked-at-once@example.com');
    const cookie = await signedInCookie('revoked-at-once@example.com');
    const before = await throughProxy('/dashboard', cookie);
    expect(before.status).toBe(200);
    const { result: sid } = await inRequest(cookie, () => currentSessionId(userId));
    await endSession(sid ?? '');

    const after = await throughProxy('/dashboard', cookie, { [SESSION_PASS_HEADER]: before.pass ?? '' });
    expect(after.status).toBe(307);
    expect(after.pass).toBeNull();
    // The proxy clears the dead cookie, as Auth.js does.
    expect(after.setCookies.some((c) => c.startsWith(`${COOKIE_NAME}=;`))).toBe(true);
    // A page reached without the proxy's pass checks the row itself.
    expect(await pageSees(cookie)).toBeNull();
  });

  it('ends every session of a user signed out everywhere, on the next request', async () => {
    const userId = await newUser('revoked-everywhere@example.com');
    const laptop = await signedInCookie('revoked-everywhere@example.com');
    const phone = await signedInCookie('revoked-everywhere@example.com');
    expect((await throughProxy('/account', laptop)).status).toBe(200);
    expect((await throughProxy('/account', phone)).status).toBe(200);
    await endUserSessions(userId);
    for (const cookie of [laptop, phone]) {
      expect((await throughProxy('/account', cookie)).status).toBe(307);
      expect(await pageSees(cookie)).toBeNull();
    }
  });
});

describe('the cookie’s expiry moves with use', () => {
  it('is issued again once a day old, naming the same live session; not before', async () => {
    const userId = await newUser('rolling@example.com');
    const cookie = await signedInCookie('rolling@example.com');
    // A fresh cookie is left as it is: no encryption on every request.
    expect((await throughProxy('/dashboard', cookie)).setCookies).toEqual([]);

    const session = await readSession(cookie);
    expect(session?.user.id).toBe(userId);
    if (!session) return;
    expect(await reissuedSessionCookie(session)).toBeNull();
    const later = Date.now() + 25 * 60 * 60 * 1000;
    const reissued = await reissuedSessionCookie(session, later);
    expect(reissued).toMatchObject({ name: COOKIE_NAME, options: { httpOnly: true, sameSite: 'lax', path: '/', secure: false } });
    const claims = decryptSessionToken(reissued?.value ?? '', COOKIE_NAME);
    expect(claims).toMatchObject({ sub: userId, sid: session.sid });
    // It opens the same session as the cookie it replaces.
    expect((await readSession(`${COOKIE_NAME}=${reissued?.value ?? ''}`))?.sid).toBe(session.sid);
  });
});
