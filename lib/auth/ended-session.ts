import { readSession } from './read-session';
import { sessionCookieNames } from './session-token';

/**
 * The request's headers without a session cookie whose session has ended. Auth.js links an OAuth
 * sign-in to the user of the session cookie it comes with after checking only the cookie's
 * signature, not its session row: a copy of a cookie kept from before a password reset or "sign
 * out of all devices" would attach the keeper's GitHub account to that user and sign them in.
 */
export async function withoutEndedSession(headers: Headers): Promise<Headers> {
  const cookieHeader = headers.get('cookie');
  const names = sessionCookieNames(cookieHeader);
  if (!cookieHeader || names.length === 0 || (await readSession(cookieHeader))) return headers;
  const kept = cookieHeader
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => !names.includes(pair.slice(0, Math.max(0, pair.indexOf('='))).trim()));
  const cleaned = new Headers(headers);
  if (kept.length > 0) cleaned.set('cookie', kept.join('; '));
  else cleaned.delete('cookie');
  return cleaned;
}
