'use server';

import { signOut } from '@/lib/auth';
import { validatedActionWithUser } from '@/lib/actions/validated-action';
import { emptySchema } from '../account-schemas';
import { revokeAccountTokens } from '../account-tokens';
import { endUserSessions } from '../sessions';

export const signOutEverywhere = validatedActionWithUser(emptySchema, async (_input, user) => {
  await endUserSessions(user.id);
  // Whoever had a session may have asked for links (an email change); they end with it.
  await revokeAccountTokens(user.id);
  // This device's session row is gone with the rest; this clears its cookie and lands on sign-in.
  await signOut({ redirectTo: '/sign-in' });
});
