import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password';
import type { SessionUser } from './read-session';

const publicColumns = { id: true, email: true, name: true } as const;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createUserWithPassword(input: {
  email: string;
  password: string;
  name?: string;
}): Promise<{ user: SessionUser } | { error: 'email_taken' }> {
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  // The unique index decides, not a prior SELECT: two sign-ups at once cannot both win.
  const [user] = await getDb()
    .insert(users)
    .values({ email, name: input.name?.trim() || null, passwordHash })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id, email: users.email, name: users.name });
  return user ? { user } : { error: 'email_taken' };
}

/** The user for this email and password, or null; the same work and answer whether or not the email exists. */
export async function authenticateWithPassword(email: string, password: string): Promise<SessionUser | null> {
  const row = await getDb().query.users.findFirst({
    where: eq(users.email, normalizeEmail(email)),
    columns: { ...publicColumns, passwordHash: true },
  });
  if (!row?.passwordHash) return verifyAgainstDummy(password).then(() => null);
  if (!(await verifyPassword(row.passwordHash, password))) return null;
  return { id: row.id, email: row.email, name: row.name };
}

export async function findUserIdByEmail(email: string): Promise<string | null> {
  const row = await getDb().query.users.findFirst({ where: eq(users.email, normalizeEmail(email)), columns: { id: true } });
  return row?.id ?? null;
}
