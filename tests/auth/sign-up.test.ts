import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { signUp } from '@/lib/auth/actions/sign-up';
import { createUserWithPassword } from '@/lib/auth/users';
import { postForm } from './support/form-post';


function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

describe('sign-up', () => {
  it('stores an Argon2id hash, never the password', async () => {
    const created = await createUserWithPassword({ email: 'Ada@Example.com', password: 'correct horse battery' });
    expect('user' in created).toBe(true);
    const row = await getDb().query.users.findFirst({ where: eq(users.email, 'ada@example.com') });
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row?.passwordHash).not.toContain('correct horse battery');
  });

  it('refuses a duplicate email, whatever its case, and keeps the first account', async () => {
    await createUserWithPassword({ email: 'grace@example.com', password: 'first password' });
    const { state: result } = await postForm(signUp, { email: 'GRACE@example.com', password: 'second password' });
    expect(result?.error).toMatch(/already exists/);
    expect(result?.fieldErrors?.email?.[0]).toMatch(/already registered/);
    const rows = await getDb().select().from(users).where(eq(users.email, 'grace@example.com'));
    expect(rows).toHaveLength(1);
  });

  it('lets exactly one of two simultaneous sign-ups with one email win', async () => {
    const results = await Promise.all([
      createUserWithPassword({ email: 'race@example.com', password: 'password one' }),
      createUserWithPassword({ email: 'race@example.com', password: 'password two' }),
    ]);
    expect(results.filter((r) => 'user' in r)).toHaveLength(1);
    expect(results.filter((r) => 'error' in r)).toHaveLength(1);
  });

  it('refuses a short password and a malformed email with field errors, writing nothing', async () => {
    const result = await signUp({}, form({ email: 'not-an-email', password: 'short' }));
    expect(result.fieldErrors?.email).toBeDefined();
    expect(result.fieldErrors?.password?.[0]).toMatch(/at least 8/);
    expect(JSON.stringify(result)).not.toContain('short');
    expect(await getDb().select().from(users).where(eq(users.email, 'not-an-email'))).toHaveLength(0);
  });
});

describe('sign-up form state', () => {
  it('gives the typed email back to refill the form, but never the password', async () => {
    const result = await signUp({}, form({ name: 'Al', email: 'al@example', password: 'hunter2' }));
    expect(result.values).toEqual({ name: 'Al', email: 'al@example' });
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });
});
