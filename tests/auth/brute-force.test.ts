import { like, sql } from 'drizzle-orm';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { rateLimits, users } from '@/db/schema';
import { signIn } from '@/lib/auth/actions/sign-in';
import { signUp } from '@/lib/auth/actions/sign-up';
import * as passwordModule from '@/lib/auth/password';
import { createUserWithPassword } from '@/lib/auth/users';
import { testStripe } from '../support/billing-harness';
import { csrfFor, loadAuthRoute, postCredentials, sessionCookieOf } from './support/auth-route';
import { postForm, sessionCookieIn } from './support/form-post';

const { emulator } = await vi.hoisted(() => import('../support/billing-harness').then((m) => m.startBillingEmulator()));
// Sign-ups create customers, whose webhooks must land before the database goes.
afterAll(async () => {
  await emulator.webhooks.waitForIdle();
  await emulator.stop();
});

// Every Argon2 verification, real and dummy (unknown emails), goes through these two.
const verifications = () => {
  const real = vi.spyOn(passwordModule, 'verifyPassword');
  const dummy = vi.spyOn(passwordModule, 'verifyAgainstDummy');
  return {
    count: () => real.mock.calls.length + dummy.mock.calls.length,
    reset: () => {
      real.mockClear();
      dummy.mockClear();
    },
  };
};

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

const RIGHT = 'violet tundra harmonica';

describe('password guessing against one account', () => {
  it('checks at most 10 of 200 parallel guesses through the Auth.js route; the rest get 429 with Retry-After', async () => {
    await createUserWithPassword({ email: 'target@example.com', password: RIGHT });
    const route = await loadAuthRoute();
    const csrf = await csrfFor(route);
    const argon2 = verifications();

    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        postCredentials(route, csrf, { email: 'target@example.com', password: `guess number ${i}`, clientAddress: `198.51.100.${i % 250}` }),
      ),
    );

    expect(argon2.count()).toBe(10);
    const limited = responses.filter((r) => r.status === 429);
    expect(limited).toHaveLength(190);
    for (const response of limited) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(responses.filter((r) => r.status === 302)).toHaveLength(10);
    expect(responses.some((r) => sessionCookieOf(r))).toBe(false);

    // The owner's right password is refused too, without an Argon2 check, until the window ends.
    argon2.reset();
    const right = await postCredentials(route, csrf, { email: 'TARGET@example.com', password: RIGHT, clientAddress: '192.0.2.1' });
    expect(right.status).toBe(429);
    expect(sessionCookieOf(right)).toBeUndefined();
    expect(argon2.count()).toBe(0);

    // The sign-in form's Server Action is the other way in: refused as well, with no session.
    const viaAction = await postForm(signIn, { email: 'target@example.com', password: RIGHT }, { path: '/sign-in', clientAddress: '192.0.2.2' });
    expect(viaAction.redirectTo).toBeUndefined();
    expect(viaAction.state?.error).toBeDefined();
    expect(sessionCookieIn(viaAction.setCookies)).toBeUndefined();
    expect(argon2.count()).toBe(0);

    // Fifteen minutes on, the owner gets in.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 15 * 60 * 1000 + 1000 });
    const later = await postCredentials(route, csrf, { email: 'target@example.com', password: RIGHT, clientAddress: '192.0.2.1' });
    expect(later.status).toBe(302);
    expect(sessionCookieOf(later)).toBeDefined();
  });

  it('counts guesses made through the sign-in action and the route together', async () => {
    await createUserWithPassword({ email: 'both-ways@example.com', password: RIGHT });
    const route = await loadAuthRoute();
    const csrf = await csrfFor(route);
    const argon2 = verifications();

    for (let i = 0; i < 6; i++) {
      const outcome = await postForm(signIn, { email: 'both-ways@example.com', password: `wrong ${i}` }, { path: '/sign-in' });
      expect(outcome.redirectTo).toBeUndefined();
    }
    const routeGuesses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => postCredentials(route, csrf, { email: 'both-ways@example.com', password: `wrong again ${i}` })),
    );
    expect(routeGuesses.filter((r) => r.status === 429)).toHaveLength(6);
    expect(argon2.count()).toBe(10);
  });

  it('resets the account counter on a successful sign-in', async () => {
    await createUserWithPassword({ email: 'typo@example.com', password: RIGHT });
    const route = await loadAuthRoute();
    const csrf = await csrfFor(route);
    for (let i = 0; i < 9; i++) await postCredentials(route, csrf, { email: 'typo@example.com', password: `typo ${i}` });
    const signedIn = await postForm(signIn, { email: 'typo@example.com', password: RIGHT }, { path: '/sign-in' });
    expect(sessionCookieIn(signedIn.setCookies)).toBeDefined();
    // Nine failures before the success no longer count: ten more checks are allowed.
    const after = await Promise.all(Array.from({ length: 10 }, (_, i) => postCredentials(route, csrf, { email: 'typo@example.com', password: `later ${i}` })));
    expect(after.filter((r) => r.status === 429)).toHaveLength(0);
  });
});

describe('password spraying from one address', () => {
  it('stops after 100 checks per address over many accounts, while other addresses sign in', async () => {
    await createUserWithPassword({ email: 'bystander@example.com', password: RIGHT });
    const route = await loadAuthRoute();
    const csrf = await csrfFor(route);
    const argon2 = verifications();

    const responses = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        postCredentials(route, csrf, { email: `sprayed-${i}@example.com`, password: 'Spring2025!', clientAddress: '203.0.113.50' }),
      ),
    );
    expect(argon2.count()).toBe(100);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(20);

    // The same address, even with the right password of an untouched account: refused.
    const sameAddress = await postCredentials(route, csrf, { email: 'bystander@example.com', password: RIGHT, clientAddress: '203.0.113.50' });
    expect(sameAddress.status).toBe(429);
    // IPv6 clients are grouped by /64: another address in one /64 is the same client.
    const v6 = await Promise.all(
      Array.from({ length: 101 }, (_, i) =>
        postCredentials(route, csrf, { email: `v6-${i}@example.com`, password: 'Spring2025!', clientAddress: `2001:db8:1:2::${(i + 1).toString(16)}` }),
      ),
    );
    expect(v6.filter((r) => r.status === 429)).toHaveLength(1);

    const elsewhere = await postCredentials(route, csrf, { email: 'bystander@example.com', password: RIGHT, clientAddress: '192.0.2.77' });
    expect(elsewhere.status).toBe(302);
    expect(sessionCookieOf(elsewhere)).toBeDefined();
  });

  it('does not escape the limit by writing junk instead of an address into X-Forwarded-For', async () => {
    const route = await loadAuthRoute();
    const csrf = await csrfFor(route);
    const argon2 = verifications();
    const responses = await Promise.all(
      Array.from({ length: 110 }, (_, i) =>
        postCredentials(route, csrf, { email: `junk-${i}@example.com`, password: 'Spring2025!', clientAddress: `not-an-address-${i}` }),
      ),
    );
    expect(argon2.count()).toBe(100);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(10);
  });

  it('a sign-up from an address out of sign-ins keeps its account and says to sign in later', async () => {
    const route = await loadAuthRoute();
    const csrf = await csrfFor(route);
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        postCredentials(route, csrf, { email: `used-up-${i}@example.com`, password: 'Spring2025!', clientAddress: '203.0.113.60' }),
      ),
    );
    const outcome = await postForm(signUp, { email: 'late-comer@example.com', password: 'correct horse battery staple' }, { clientAddress: '203.0.113.60' });
    expect(outcome.redirectTo).toBeUndefined();
    expect(sessionCookieIn(outcome.setCookies)).toBeUndefined();
    expect(outcome.state?.error).toBeUndefined();
    expect(outcome.state?.success).toBeDefined();
    const created = await getDb().select({ id: users.id }).from(users).where(like(users.email, 'late-comer@example.com'));
    expect(created).toHaveLength(1);
    // Signing in once the address may again works.
    const later = await postCredentials(route, csrf, { email: 'late-comer@example.com', password: 'correct horse battery staple', clientAddress: '192.0.2.90' });
    expect(sessionCookieOf(later)).toBeDefined();
  });
});

describe('sign-up flooding from one address', () => {
  async function customerCount(): Promise<number> {
    const stripe = await testStripe();
    return (await stripe.customers.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 })).length;
  }

  it('creates at most 30 accounts per address per hour, and no Stripe customer (made at the first checkout)', async () => {
    const customersBefore = await customerCount();
    const outcomes = await Promise.all(
      Array.from({ length: 34 }, (_, i) =>
        postForm(signUp, { email: `flood-${i}@example.com`, password: 'correct horse battery staple' }, { clientAddress: '203.0.113.99' }),
      ),
    );
    expect(outcomes.filter((o) => o.state?.success)).toHaveLength(30);
    const refused = outcomes.filter((o) => !o.state?.success);
    expect(refused).toHaveLength(4);
    for (const outcome of refused) {
      expect(outcome.state?.error).toBeDefined();
      expect(sessionCookieIn(outcome.setCookies)).toBeUndefined();
    }
    const [row] = await getDb()
      .select({ created: sql<number>`count(*)::int` })
      .from(users)
      .where(like(users.email, 'flood-%'));
    expect(row?.created).toBe(30);
    expect((await customerCount()) - customersBefore).toBe(0);

    // Another address is not affected.
    const other = await postForm(signUp, { email: 'neighbour@example.com', password: 'correct horse battery staple' }, { clientAddress: '198.51.100.200' });
    expect(other.state?.success).toBeDefined();
  });
});

describe('counters shared by every server instance', () => {
  it('a second instance (a fresh module graph on the same database) sees the first one’s counts', async () => {
    await createUserWithPassword({ email: 'shared@example.com', password: RIGHT });
    const first = await loadAuthRoute();
    const firstCsrf = await csrfFor(first);
    await Promise.all(Array.from({ length: 10 }, (_, i) => postCredentials(first, firstCsrf, { email: 'shared@example.com', password: `guess ${i}` })));

    const rows = await getDb().select().from(rateLimits);
    expect(rows.some((row) => row.points >= 10)).toBe(true);

    vi.resetModules();
    const second = await loadAuthRoute();
    expect(second).not.toBe(first);
    const secondCsrf = await csrfFor(second);
    const refused = await postCredentials(second, secondCsrf, { email: 'shared@example.com', password: RIGHT });
    expect(refused.status).toBe(429);
    expect(sessionCookieOf(refused)).toBeUndefined();
  });
});
