import { getURLFromRedirectError } from 'next/dist/client/components/redirect';
import { isRedirectError } from 'next/dist/client/components/redirect-error';
import { workAsyncStorage, type WorkStore } from 'next/dist/server/app-render/work-async-storage.external';
import { workUnitAsyncStorage } from 'next/dist/server/app-render/work-unit-async-storage.external';
import { createRequestStore } from 'next/dist/server/async-storage/request-store';
import type { ActionState } from '@/lib/actions/validated-action';

const ORIGIN = 'http://localhost:3000';

export type FormPostOutcome = {
  /** What the action returned (its form state), when it did not redirect. */
  state?: ActionState;
  /** Where it redirected, when it did (a successful sign-in or sign-up). */
  redirectTo?: string;
  /** The Set-Cookie headers the response would carry. */
  setCookies: string[];
};

/**
 * Posts a form to a Server Action the way Next.js runs one: inside the request scope that
 * `headers()` and `cookies()` read, with the client's address in X-Forwarded-For as Next.js's
 * server or Vercel puts it there.
 */
export async function postForm(
  action: (previous: ActionState, formData: FormData) => Promise<ActionState>,
  fields: Record<string, string>,
  { clientAddress = '203.0.113.7', path = '/sign-up' }: { clientAddress?: string; path?: string } = {},
): Promise<FormPostOutcome> {
  const formData = new FormData();
  for (const [key, value] of Object.entries(fields)) formData.set(key, value);
  const headers = new Headers({
    host: new URL(ORIGIN).host,
    origin: ORIGIN,
    'x-forwarded-proto': 'http',
    'x-forwarded-for': clientAddress,
  });
  let setCookies: string[] = [];
  const requestStore = createRequestStore({
    phase: 'action',
    headers,
    onUpdateCookies: (cookies) => {
      setCookies = cookies;
    },
    url: { pathname: path, search: '' },
    rootParams: {},
    implicitTags: { tags: [], expirationsByCacheKind: new Map() },
    resumeDataCache: null,
    previewProps: undefined,
    isHmrRefresh: false,
    serverComponentsHmrCache: undefined,
    hmrRefreshHash: undefined,
    stagedFallbackParams: null,
  });
  // The few work-store fields that headers(), cookies() and redirect() read; Next's type
  // describes a whole render (caches, prefetch state), hence the cast.
  const workStore = { route: path, forceStatic: false, dynamicShouldError: false, incrementalCache: {}, cacheLifeProfiles: {} } as unknown as WorkStore;
  try {
    const state = await workAsyncStorage.run(workStore, () => workUnitAsyncStorage.run(requestStore, () => action({}, formData)));
    return { state, setCookies };
  } catch (error) {
    if (isRedirectError(error)) return { redirectTo: getURLFromRedirectError(error), setCookies };
    throw error;
  }
}

export function sessionCookieIn(setCookies: string[]): string | undefined {
  return setCookies.find((cookie) => cookie.startsWith('authjs.session-token='));
}
