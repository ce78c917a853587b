import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { signUp } from '@/lib/auth/actions/sign-up';
import { newPasswordSchema, newPasswordSchemaFor } from '@/lib/auth/schemas';
import { testStripe } from '../support/billing-harness';
import { latestMail } from '../support/mailbox';
import { postForm, sessionCookieIn } from './support/form-post';

const { emulator } = await vi.hoisted(() => import('../support/billing-harness').then((m) => m.startBillingEmulator()));
// Sign-ups create customers, whose webhooks must land before the database goes.
afterAll(async () => {
  await emulator.webhooks.waitForIdle();
  await emulator.stop();
});

async function userRow(email: string) {
  return getDb().query.users.findFirst({ where: eq(users.email, email) });
}

async function customersFor(email: string): Promise<number> {
  const row = await userRow(email);
  if (!row) return 0;
  const customers = await (await testStripe()).customers.list({ limit: 100 });
  return customers.data.filter((customer) => customer.metadata.userId === row.id).length;
}

describe('sign-up refuses guessable passwords', () => {
  const weak = [
    ['eight repeated letters', 'weak-a@example.com', 'aaaaaaaa'],
    ['a top common password', 'weak-b@example.com', 'password1'],
    ['a digit run', 'weak-c@example.com', '12345678'],
    ['the email itself', 'ada.lovelace@example.com', 'ada.lovelace@example.com'],
    ['the email with a digit', 'grace.hopper@example.com', 'gracehopper1'],
    ['the name with a year', 'someone@example.com', 'lovelace1815'],
    ['the site’s own name with a year', 'site@example.com', 'entitle2026!'],
  ] as const;

  it.each(weak)('refuses %s with a password field error and creates no user', async (_label, email, password) => {
    const outcome = await postForm(signUp, { name: 'Ada Lovelace', email, password });
    expect(outcome.redirectTo).toBeUndefined();
    expect(sessionCookieIn(outcome.setCookies)).toBeUndefined();
    expect(outcome.state?.fieldErrors?.password?.length).toBeGreaterThan(0);
    expect(await userRow(email)).toBeUndefined();
  });

  it('accepts a strong password: the user, and a verification link (sign-in and the Stripe customer come later)', async () => {
    const email = 'strong@example.com';
    const outcome = await postForm(signUp, { name: 'Ada Lovelace', email, password: 'correct horse battery staple' });
    expect(outcome.state?.success).toBeDefined();
    expect(outcome.state?.fieldErrors).toBeUndefined();
    expect(sessionCookieIn(outcome.setCookies)).toBeUndefined();
    expect(await userRow(email)).toBeDefined();
    expect(await latestMail(email, 'verify-email')).toBeDefined();
    // Made at the first checkout, so that sign-up does the same work for new and existing addresses.
    expect(await customersFor(email)).toBe(0);
  });
});

describe('the reusable new-password rule', () => {
  it('refuses common passwords and passes strong ones', () => {
    expect(newPasswordSchema.safeParse('aaaaaaaa').success).toBe(false);
    expect(newPasswordSchema.safeParse('P@ssw0rd!').success).toBe(false);
    expect(newPasswordSchema.safeParse('short').success).toBe(false);
    expect(newPasswordSchema.safeParse('correct horse battery staple').success).toBe(true);
  });

  it('refuses a password built from the user’s own details only when told them', () => {
    expect(newPasswordSchema.safeParse('quillfeather77').success).toBe(true);
    expect(newPasswordSchemaFor(['quill.feather@example.com', 'Quill Feather']).safeParse('quillfeather77').success).toBe(false);
  });
});
