import { signInThroughAuthJs } from './auth-client';
import { inRequest } from './request-scope';

// A signed-in browser posting forms to Server Actions: the action itself (validation, session,
// ownership, redirect) runs unchanged inside Next.js's request scope, with this browser's cookie.

export type ActionOutcome<State> = { state: State; redirect?: undefined } | { redirect: string; state?: undefined };

export type Browser = {
  /** Calls a Server Action as this browser's form post would: with its session cookie. */
  run<State>(action: (previous: State, formData: FormData) => Promise<State>, fields: Record<string, string | number>): Promise<ActionOutcome<State>>;
};

export async function signedInBrowser(email: string, password = 'password123'): Promise<Browser> {
  const { sessionCookie } = await signInThroughAuthJs(email, password);
  if (!sessionCookie) throw new Error(`could not sign in ${email}`);
  return {
    async run<State>(action: (previous: State, formData: FormData) => Promise<State>, fields: Record<string, string | number>): Promise<ActionOutcome<State>> {
      const formData = new FormData();
      for (const [key, value] of Object.entries(fields)) formData.set(key, String(value));
      // A form's first state is whatever the page passed to useActionState: nothing here.
      const outcome = await inRequest(sessionCookie, () => action({} as State, formData), { path: '/billing' });
      if (outcome.redirectTo !== undefined) return { redirect: outcome.redirectTo };
      return { state: outcome.result as State };
    },
  };
}
