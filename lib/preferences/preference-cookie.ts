import { cookies } from 'next/headers';

// A year: a preference outlives sessions, and signing out keeps it. Not secret, so readable by
// nothing but the server anyway (httpOnly), since no script of ours needs it.
export async function setPreferenceCookie(name: string, value: string): Promise<void> {
  (await cookies()).set(name, value, {
    path: '/',
    maxAge: 60 * 60 * 24 * 365,
    sameSite: 'lax',
    httpOnly: true,
    secure: process.env.NODE_ENV === 'production',
  });
}
