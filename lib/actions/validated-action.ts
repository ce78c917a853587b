import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { currentUser, type SessionUser } from '@/lib/auth/session';
import { UserFacingError } from '@/lib/errors';
import { userMessages } from '@/lib/i18n/user-message';

/** What every form action returns to `useActionState`. Never echoes secrets such as passwords. */
export type ActionState<Data = never> = {
  error?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  success?: string;
  /** What was typed, so the form can show it again: React resets form fields after an action. */
  values?: Record<string, string>;
  data?: Data;
};


// Never sent back to the browser, even to refill a form.
const SECRET_FIELD = /password|secret|token|card|cvc|iban/i;

function echoValues(input: Record<string, FormDataEntryValue>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(input).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && !SECRET_FIELD.test(entry[0]),
    ),
  );
}

/** The user an action runs for: the session's. */
export type SignedInUser = SessionUser;

function formToObject(formData: FormData): Record<string, FormDataEntryValue> {
  // React adds `$ACTION_*` bookkeeping fields to server-action forms; they are not input.
  return Object.fromEntries([...formData.entries()].filter(([key]) => !key.startsWith('$ACTION')));
}

async function run<Data>(work: () => Promise<ActionState<Data> | void>, values: Record<string, string>): Promise<ActionState<Data>> {
  try {
    const result = (await work()) ?? {};
    return result.error ? { values, ...result } : result;
  } catch (error) {
    // redirect() and notFound() work by throwing; they must reach Next.js.
    unstable_rethrow(error);
    const say = await userMessages();
    if (error instanceof UserFacingError) return { error: say(error.message), values };
    console.error('[entitle] action failed', error);
    return { error: say('somethingWentWrong'), values };
  }
}

/** Parses the form with `schema`; the action sees only valid, typed input. */
export function validatedAction<S extends z.ZodType, Data = never>(
  schema: S,
  action: (input: z.output<S>) => Promise<ActionState<Data> | void>,
) {
  return async (_previous: ActionState<Data>, formData: FormData): Promise<ActionState<Data>> => {
    const input = formToObject(formData);
    const values = echoValues(input);
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const say = await userMessages();
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? 'form');
        (fieldErrors[key] ??= []).push(say(issue.message));
      }
      return { error: say('correctHighlightedFields'), fieldErrors, values };
    }
    return run<Data>(() => action(parsed.data), values);
  };
}

/** As `validatedAction`, for signed-in users only; the user comes from the session, never the form. */
export function validatedActionWithUser<S extends z.ZodType, Data = never>(
  schema: S,
  action: (input: z.output<S>, user: SignedInUser) => Promise<ActionState<Data> | void>,
) {
  return validatedAction<S, Data>(schema, async (input) => {
    const user = await currentUser();
    if (!user) return { error: (await userMessages())('sessionEnded') };
    return action(input, user);
  });
}
