// Subscribers made the way the app makes them (createUserWithPassword, startCheckout, a card
// payment on the emulator), and a session cookie obtained through Auth.js over HTTP.
import type { StripeEmulator } from '@/stripe-emulator/src/index';

export const PASSWORD = 'bench-password-123';

export async function createSubscriber(emulator: StripeEmulator, email: string, plan: 'basic' | 'premium'): Promise<string> {
  const { createUserWithPassword } = await import('@/lib/auth/users');
  const { startCheckout } = await import('@/lib/billing/checkout');
  const created = await createUserWithPassword({ email, password: PASSWORD });
  if (!('user' in created)) throw new Error(`could not create ${email}`);
  const started = await startCheckout(created.user.id, plan, 'http://127.0.0.1');
  if (started.kind !== 'redirect') throw new Error(`expected a hosted checkout, got ${started.kind}`);
  const sessionId = /cs_[A-Za-z0-9_]+/.exec(started.url)?.[0];
  if (!sessionId) throw new Error(`no checkout session in ${started.url}`);
  await emulator.checkout.complete(sessionId, { type: 'card', number: '4242424242424242' });
  return created.user.id;
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
