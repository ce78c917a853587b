'use server';

import { signOut as authSignOut } from '@/lib/auth';
import { currentSessionId, currentUser } from '../session';
import { endSession } from '../sessions';

export async function signOut(): Promise<void> {
  // Auth.js ends the session row too (events.signOut), but logs and swallows any failure there
  // and clears the cookie anyway. Ending it here first means a failure is shown, not hidden
  // behind a sign-out that left the session alive.
  const user = await currentUser();
  const sid = user ? await currentSessionId(user.id) : null;
  if (sid) await endSession(sid);
  await authSignOut({ redirectTo: '/' });
}
