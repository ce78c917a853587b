'use server';

import { signOut as authSignOut } from '@/lib/auth';

export async function signOut(): Promise<void> {
  await authSignOut({ redirectTo: '/' });
}
