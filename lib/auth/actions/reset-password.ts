'use server';

import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { validatedAction } from '@/lib/actions/validated-action';
import { checkResetToken, resetPassword as reset } from '../password-reset';
import { newPasswordErrors } from '../password-feedback';

const schema = z.object({
  token: z.string().min(1).max(200),
  password: z.string().max(1000),
});

export const resetPassword = validatedAction(schema, async ({ token, password }) => {
  const t = await getTranslations('auth.actions');
  const live = await checkResetToken(token);
  if (!live) return { error: t('resetLinkDead') };
  // Sign-up's strength rule, with the account's address counted as guessable.
  const weak = await newPasswordErrors(password, [live.email]);
  if (weak) return { error: (await getTranslations('validation'))('correctHighlightedFields'), fieldErrors: { password: weak } };
  const outcome = await reset({ token, newPassword: password });
  // Another tab or a double click spent the link between the check and now.
  if (!outcome.reset) return { error: t('resetLinkDead') };
  redirect('/sign-in?reset=done');
});
