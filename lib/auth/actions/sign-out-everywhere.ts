'use server';

import { signOut } from '@/lib/auth';
import { validatedActionWithUser } from '@/lib/actions/validated-action';
import { emptySchema } from '../account-schemas';
import { endUserSessions } from '../sessions';

export const signOutEverywhere = validatedActionWithUser(emptySchema, async (_input, user) => {
  await endUserSessions(user.id);
  // This device's session row is gone with the rest; this clears its cookie and lands on sign-in.
  await signOut({ redirectTo: '/sign-in' });
});
