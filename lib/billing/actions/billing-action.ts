import 'server-only';
import { getLocale } from 'next-intl/server';
import type { z } from 'zod';
import { validatedActionWithUser, type ActionState, type SignedInUser } from '@/lib/actions/validated-action';
import { UserFacingError } from '@/lib/errors';
import { BillingError, billingErrorMessage } from '../billing-error';

/**
 * A billing form's action: `validatedActionWithUser`, with the billing rules the domain throws
 * (BillingError, written without knowing the request) said in the request's language.
 */
export function billingAction<S extends z.ZodType, Data = never>(
  schema: S,
  action: (input: z.output<S>, user: SignedInUser) => Promise<ActionState<Data> | void>,
) {
  return validatedActionWithUser<S, Data>(schema, async (input, user) => {
    try {
      return await action(input, user);
    } catch (error) {
      // Anything else, redirect() included, goes on as it came.
      if (!(error instanceof BillingError)) throw error;
      throw new UserFacingError(billingErrorMessage(error.text, await getLocale()));
    }
  });
}
