'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { validatedAction } from '@/lib/actions/validated-action';
import { checkResetToken, resetPassword as reset } from '../password-reset';
import { newPasswordSchemaFor } from '../schemas';

const schema = z.object({
  token: z.string().min(1).max(200),
  password: z.string().max(1000),
});

const DEAD_LINK = 'This reset link has expired or was already used. Ask for a new one.';

export const resetPassword = validatedAction(schema, async ({ token, password }) => {
  const live = await checkResetToken(token);
  if (!live) return { error: DEAD_LINK };
  // Sign-up's strength rule, with the account's address counted as guessable.
  const strength = newPasswordSchemaFor([live.email]).safeParse(password);
  if (!strength.success) {
    return { error: 'Please correct the highlighted fields.', fieldErrors: { password: strength.error.issues.map((issue) => issue.message) } };
  }
  const outcome = await reset({ token, newPassword: strength.data });
  // Another tab or a double click spent the link between the check and now.
  if (!outcome.reset) return { error: DEAD_LINK };
  redirect('/sign-in?reset=done');
});
