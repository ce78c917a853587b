import type { ActionState } from '@/lib/actions/validated-action';
import { inRequest } from '../../support/request-scope';

export type FormPostOutcome = {
  /** What the action returned (its form state), when it did not redirect. */
  state?: ActionState;
  /** Where it redirected, when it did (a successful sign-in or sign-up). */
  redirectTo?: string;
  /** The Set-Cookie headers the response would carry. */
  setCookies: string[];
};

/** The FormData a browser would post with these fields. */
export function form(fields: Record<string, string> = {}): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

/** Posts a form to a Server Action from a signed-out browser at `clientAddress`. */
export async function postForm(
  action: (previous: ActionState, formData: FormData) => Promise<ActionState>,
  fields: Record<string, string>,
  { clientAddress = '203.0.113.7', path = '/sign-up' }: { clientAddress?: string; path?: string } = {},
): Promise<FormPostOutcome> {
  const { result, redirectTo, setCookies } = await inRequest(null, () => action({}, form(fields)), { clientAddress, path });
  return { state: result, redirectTo, setCookies };
}

export function sessionCookieIn(setCookies: string[]): string | undefined {
  return setCookies.find((cookie) => cookie.startsWith('authjs.session-token='));
}
