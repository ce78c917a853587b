'use server';

import { eq } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { validatedActionWithUser } from '@/lib/actions/validated-action';
import { changeNameSchema } from '../account-settings-schemas';
import { refreshSessionClaims } from '../session-claims';

export const changeName = validatedActionWithUser(changeNameSchema, async ({ name }, user) => {
  // The user from the session, never from the form: nobody renames another account.
  await getDb().update(users).set({ name }).where(eq(users.id, user.id));
  await refreshSessionClaims(user.id, { name });
  revalidatePath('/account');
  const t = await getTranslations('auth.actions');
  return { success: t('nameSaved'), values: { name } };
});
