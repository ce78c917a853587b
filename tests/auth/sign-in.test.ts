import { beforeAll, describe, expect, it } from 'vitest';
import { createUserWithPassword } from '@/lib/auth/users';
import { signInThroughAuthJs } from '../support/auth-client';

describe('sign-in through Auth.js', () => {
  beforeAll(async () => {
    await createUserWithPassword({ email: 'linus@example.com', password: 'right password' });
  });

  it('signs in with the right password and sets a session cookie', async () => {
    const result = await signInThroughAuthJs('linus@example.com', 'right password');
    expect(result.sessionCookie).not.toBeNull();
    expect(result.location).toBe('http://localhost:3000/dashboard');
  });

  it('refuses a wrong password with no session', async () => {
    const result = await signInThroughAuthJs('linus@example.com', 'wrong password');
    expect(result.sessionCookie).toBeNull();
    expect(result.location).toMatch(/error=CredentialsSignin/);
  });

  it('answers an unknown email exactly as a wrong password', async () => {
    const unknown = await signInThroughAuthJs('nobody@example.com', 'wrong password');
    const wrong = await signInThroughAuthJs('linus@example.com', 'wrong password');
    expect(unknown.sessionCookie).toBeNull();
    expect(unknown.location).toBe(wrong.location);
  });
});
