// Users and subscribers made the way the app makes them (createUserWithPassword, the app's own
// startCheckout, a card payment on the emulator's checkout, the app's sync), and a session
// cookie obtained through Auth.js over HTTP like a browser.
import type { StripeEmulator } from 'stripe-emulator';
import type { PlanId } from '@/lib/billing/plans';

export const PASSWORD = 'bench-password-123';

export type BenchUser = { userId: string; customerId: string; email: string };

/** A signed-up user with their Stripe customer (as sign-up makes it), not subscribed. */
export async function createUser(email: string): Promise<BenchUser> {
  const { createUserWithPassword } = await import('@/lib/auth/users');
  const { ensureStripeCustomer } = await import('@/lib/billing/customers');
  const created = await createUserWithPassword({ email, password: PASSWORD });
  if (!('user' in created)) throw new Error(`could not create ${email}`);
  return { userId: created.user.id, customerId: await ensureStripeCustomer(created.user.id), email };
}

/** Hosted checkout for `plan`, paid with `card`; returns the checkout session id. */
export async function checkout(emulator: StripeEmulator, user: BenchUser, plan: PlanId, card = '4242424242424242'): Promise<string> {
  const { startCheckout } = await import('@/lib/billing/checkout');
  const started = await startCheckout(user.userId, plan, 'http://127.0.0.1');
  if (started.kind !== 'redirect') throw new Error(`expected a hosted checkout, got ${started.kind}`);
  const sessionId = /cs_[A-Za-z0-9_]+/.exec(started.url)?.[0];
  if (!sessionId) throw new Error(`no checkout session in ${started.url}`);
  const outcome = await emulator.checkout.complete(sessionId, { type: 'card', number: card });
  if (outcome.status !== 'complete') throw new Error(`checkout ${sessionId} ended ${outcome.status}`);
  return sessionId;
}

/** A paying subscriber whose rows are already in the database (synced here, not by webhook). */
export async function createSubscriber(emulator: StripeEmulator, email: string, plan: PlanId): Promise<BenchUser> {
  const user = await createUser(email);
  await checkout(emulator, user, plan);
  const { syncStripeCustomer } = await import('@/lib/billing/sync/sync-customer');
  await syncStripeCustomer(user.customerId);
  return user;
}

/** The same two requests a browser makes: CSRF token (and its cookie), then the credentials form. */
export async function signIn(appUrl: string, email: string): Promise<string> {
  const csrf = await fetch(`${appUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const response = await fetch(`${appUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, callbackUrl: `${appUrl}/dashboard` }),
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith('authjs.session-token='));
  if (!session) throw new Error(`sign-in failed for ${email} (status ${response.status})`);
  return session.split(';')[0] ?? session;
}
