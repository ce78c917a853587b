import { isRedirectError } from 'next/dist/client/components/redirect-error';
import { getURLFromRedirectError } from 'next/dist/client/components/redirect';
import { workAsyncStorage } from 'next/dist/server/app-render/work-async-storage.external';
import { workUnitAsyncStorage } from 'next/dist/server/app-render/work-unit-async-storage.external';
import { createRequestStore } from 'next/dist/server/async-storage/request-store';
import { createWorkStore } from 'next/dist/server/async-storage/work-store';

export type RequestOutcome<T> = {
  /** What `work` returned, when it returned. */
  result?: T;
  /** Where it redirected to, when it called `redirect()`. */
  redirectTo?: string;
  /** The Set-Cookie headers the response would carry. */
  setCookies: string[];
};

/**
 * Runs `work` (a Server Action, `auth()`, a server component's data code) inside the request
 * scope that Next.js sets up for a Server Action, with this request's cookie: `headers()` and
 * `cookies()` answer as they would for a browser sending it, and what the action sets or where it
 * redirects comes back instead of a response. Every test that runs Server Actions goes through
 * this one scope (tests/support/next-environment.ts has put AsyncLocalStorage where Next.js expects it).
 */
export async function inRequest<T>(
  cookie: string | null,
  work: () => Promise<T>,
  { clientAddress, path = '/account', headers: extra = {} }: { clientAddress?: string; path?: string; headers?: Record<string, string> } = {},
): Promise<RequestOutcome<T>> {
  const headers = new Headers({ host: 'localhost:3000', 'x-forwarded-proto': 'http', origin: 'http://localhost:3000', ...extra });
  if (cookie) headers.set('cookie', cookie.split(';')[0] ?? '');
  // Where Next.js's server (or Vercel) puts the client's address.
  if (clientAddress) headers.set('x-forwarded-for', clientAddress);
  let setCookies: string[] = [];
  const { requestStore: store, workStore } = nextStores({
    headers,
    url: { pathname: path, search: '' },
    page: `${path}/page`,
    onUpdateCookies: (cookies) => {
      setCookies = cookies;
    },
  });
  try {
    const result = await workAsyncStorage.run(workStore, () => workUnitAsyncStorage.run(store, work));
    return { result, setCookies };
  } catch (error) {
    if (isRedirectError(error)) return { redirectTo: getURLFromRedirectError(error), setCookies };
    throw error;
  }
}

type StoreOptions = {
  headers: Headers;
  url: { pathname: string; search: string };
  /** `<path>/page` for pages and Server Actions, `<path>/route` for route handlers. */
  page: string;
  onUpdateCookies?: (cookies: string[]) => void;
  /** Where `after()` work goes: Next.js hands it to the platform's `waitUntil`. */
  after?: { waitUntil: (promise: Promise<unknown>) => void; onClose: (listener: () => void) => void; onAfterTaskError: (error: unknown) => void };
};

/**
 * The two stores Next.js puts in AsyncLocalStorage for a request (the request's headers and
 * cookies; the work's page, cache and `after()` tasks), built as its server builds them. The one
 * place tests make them: Server Actions (`inRequest`) and route handlers (route-scope.ts).
 */
export function nextStores({ headers, url, page, onUpdateCookies, after }: StoreOptions) {
  const requestStore = createRequestStore({
    phase: 'action',
    headers,
    onUpdateCookies,
    url,
    rootParams: {},
    implicitTags: { tags: [], expirationsByCacheKind: new Map() },
    resumeDataCache: null,
    previewProps: undefined,
    isHmrRefresh: false,
    serverComponentsHmrCache: undefined,
    hmrRefreshHash: undefined,
    stagedFallbackParams: null,
  });
  const workStore = createWorkStore({
    page,
    renderOpts: {
      cacheLifeProfiles: { default: { stale: 300, revalidate: 900, expire: 0xfffffffe } },
      staticPageGenerationTimeout: 60,
      cacheComponents: false,
      validationLevel: 'warning',
      experimental: { isRoutePPREnabled: false, authInterrupts: false, useCacheTimeout: 60, durableUseCacheEntries: false },
      assetPrefix: '',
      isBuildTimePrerendering: false,
      isDraftMode: false,
      isDebugDynamicAccesses: false,
      waitUntil: after?.waitUntil,
      onClose: after?.onClose ?? (() => {}),
      onAfterTaskError: after?.onAfterTaskError,
    },
    buildId: 'test',
    deploymentId: '',
    previouslyRevalidatedTags: [],
  });
  // revalidatePath() records its tags only where the server has a cache to clear; none here,
  // so a stand-in lets code that revalidates run as it does in Next.js.
  Object.assign(workStore, { incrementalCache: {} });
  return { requestStore, workStore };
}
