import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { getDb, type Database } from '@/db/client';
import { accountTokens, type AccountTokenPurpose } from '@/db/schema';

/**
 * The links mailed to users: verify an address, reset a password, confirm a new email, confirm
 * deleting the account. The link carries 32 random bytes; the table keeps only their SHA-256,
 * so reading the table opens no account. A token is spent by one conditional UPDATE: of a
 * double click, two tabs or a replay, exactly one finds it unused.
 */

export const ACCOUNT_TOKEN_TTL_SECONDS: Record<AccountTokenPurpose, number> = {
  verify_email: 24 * 60 * 60,
  change_email: 24 * 60 * 60,
  reset_password: 60 * 60,
  delete_account: 60 * 60,
};

type Executor = Pick<Database, 'insert' | 'update' | 'delete' | 'select'>;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Issues a new link token for `userId` and returns the raw token (to put in the mailed link,
 * nowhere else). Earlier unused tokens of the same purpose stay valid until they expire or one
 * of them is spent, which revokes the rest (see `consumeAccountToken`).
 */
export async function issueAccountToken(input: {
  userId: string;
  purpose: AccountTokenPurpose;
  email: string;
  ttlSeconds?: number;
  db?: Executor;
}): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const ttl = input.ttlSeconds ?? ACCOUNT_TOKEN_TTL_SECONDS[input.purpose];
  await (input.db ?? getDb())
    .insert(accountTokens)
    .values({
      tokenHash: hashToken(token),
      userId: input.userId,
      purpose: input.purpose,
      email: input.email,
      expiresAt: new Date(Date.now() + ttl * 1000),
    });
  return token;
}

export type SpentAccountToken = { userId: string; email: string };

/**
 * Spends `token` if it is an unused, unexpired token of `purpose`, and revokes the user's other
 * tokens of that purpose (a reset link mailed earlier must not work after a reset). Returns whose
 * token it was and the address it was sent to, or null: unknown, expired, already used, or of
 * another purpose all look the same to the caller. Pass a transaction as `db` to spend it
 * together with what it authorises.
 */
export async function consumeAccountToken(
  token: string,
  purpose: AccountTokenPurpose,
  db: Executor = getDb(),
): Promise<SpentAccountToken | null> {
  if (!token || token.length > 200) return null;
  const now = new Date();
  const [spent] = await db
    .update(accountTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(accountTokens.tokenHash, hashToken(token)),
        eq(accountTokens.purpose, purpose),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, now),
      ),
    )
    .returning({ userId: accountTokens.userId, email: accountTokens.email });
  if (!spent) return null;
  await revokeAccountTokens(spent.userId, purpose, db);
  return spent;
}

/**
 * Reads a token without spending it, for a page that shows a form before the link is used (the
 * reset form). The action that submits the form must still call `consumeAccountToken`.
 */
export async function peekAccountToken(token: string, purpose: AccountTokenPurpose): Promise<SpentAccountToken | null> {
  if (!token || token.length > 200) return null;
  const [row] = await getDb()
    .select({ userId: accountTokens.userId, email: accountTokens.email })
    .from(accountTokens)
    .where(
      and(
        eq(accountTokens.tokenHash, hashToken(token)),
        eq(accountTokens.purpose, purpose),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, new Date()),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** Makes every unused token of `purpose` (all purposes when omitted) of `userId` unusable. */
export async function revokeAccountTokens(userId: string, purpose?: AccountTokenPurpose, db: Executor = getDb()): Promise<void> {
  await db
    .delete(accountTokens)
    .where(
      and(eq(accountTokens.userId, userId), isNull(accountTokens.usedAt), purpose ? eq(accountTokens.purpose, purpose) : undefined),
    );
}
