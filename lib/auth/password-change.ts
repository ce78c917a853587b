import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { revokeAccountTokens } from './account-tokens';
import { hashPassword, verifyPassword } from './password';
import { endUserSessions, forgetUserSessions } from './sessions';

export type PasswordChangeOutcome = 'changed' | 'no_password' | 'wrong_password' | 'same_password';

/** Whether the user can sign in with a password at all (GitHub-only accounts cannot). */
export async function userHasPassword(userId: string): Promise<boolean> {
  const row = await getDb().query.users.findFirst({ where: eq(users.id, userId), columns: { passwordHash: true } });
  return Boolean(row?.passwordHash);
}

/**
 * Replaces the password of `userId` after checking the current one, and ends every other
 * session of the user: whoever signed in with the old password is out. `keepSessionId` (the
 * session that asked) stays signed in.
 */
export async function changePassword(input: {
  userId: string;
  currentPassword: string;
  newPassword: string;
  keepSessionId: string | null;
}): Promise<PasswordChangeOutcome> {
  const { userId, currentPassword, newPassword } = input;
  const keep = input.keepSessionId ?? undefined;
  const db = getDb();
  const row = await db.query.users.findFirst({ where: eq(users.id, userId), columns: { passwordHash: true } });
  if (!row?.passwordHash) return 'no_password';
  const oldHash = row.passwordHash;
  if (!(await verifyPassword(oldHash, currentPassword))) return 'wrong_password';
  if (newPassword === currentPassword) return 'same_password';
  const passwordHash = await hashPassword(newPassword);
  const changed = await db.transaction(async (tx) => {
    // Only over the hash that was checked: of two changes made with the same old password at
    // once, one wins and the other is told the password is wrong.
    const [updated] = await tx
      .update(users)
      .set({ passwordHash })
      .where(and(eq(users.id, userId), eq(users.passwordHash, oldHash)))
      .returning({ id: users.id });
    if (!updated) return false;
    // In the same transaction: a password change that leaves the old sessions alive is no change.
    await endUserSessions(userId, keep, tx);
    // Links asked for before (an email change kept by whoever knew the old password) die with it.
    await revokeAccountTokens(userId, undefined, tx);
    return true;
  });
  if (!changed) return 'wrong_password';
  forgetUserSessions(userId, keep);
  return 'changed';
}
