import { getURLFromRedirectError } from 'next/dist/client/components/redirect';
import { isRedirectError } from 'next/dist/client/components/redirect-error';
import { workAsyncStorage, type WorkStore } from 'next/dist/server/app-render/work-async-storage.external';
import { workUnitAsyncStorage } from 'next/dist/server/app-render/work-unit-async-storage.external';
import { createRequestStore } from 'next/dist/server/async-storage/request-store';
import { signInThroughAuthJs } from './auth-client';

// Server Actions read the session through `headers()`, and `revalidatePath()` records into the
// request's work store: both need the stores Next.js sets up around an action. The request store
// is Next's own; of the work store only the fields those calls read are given (its type
// describes a whole render, hence the cast). The action itself (validation, session, ownership,
// redirect) runs unchanged. The test file must call `provideAsyncLocalStorage()` (./next-runtime.ts) from
// `vi.hoisted`, before any Next.js module loads.

const ORIGIN = 'http://localhost:3000';

export type ActionOutcome<State> = { state: State; redirect?: undefined } | { redirect: string; state?: undefined };

export type Browser = {
  /** Calls a Server Action as this browser's form post would: with its session cookie. */
  run<State>(action: (previous: State, formData: FormData) => Promise<State>, fields: Record<string, string | number>): Promise<ActionOutcome<State>>;
};

export async function signedInBrowser(email: string, password = 'password123'): Promise<Browser> {
  const { sessionCookie } = await signInThroughAuthJs(email, password);
  if (!sessionCookie) throw new Error(`could not sign in ${email}`);
  const cookie = sessionCookie.split(';')[0] ?? '';
  return {
    async run<State>(action: (previous: State, formData: FormData) => Promise<State>, fields: Record<string, string | number>): Promise<ActionOutcome<State>> {
      const formData = new FormData();
      for (const [key, value] of Object.entries(fields)) formData.set(key, String(value));
      try {
        return { state: await inActionContext(cookie, () => action({} as State, formData)) };
      } catch (error) {
        if (isRedirectError(error)) return { redirect: getURLFromRedirectError(error) };
        throw error;
      }
    },
  };
}

function inActionContext<T>(cookie: string, work: () => Promise<T>): Promise<T> {
  const headers = new Headers({ cookie, host: new URL(ORIGIN).host, 'x-forwarded-proto': 'http', origin: ORIGIN });
  const requestStore = createRequestStore({
    phase: 'action',
    headers,
    onUpdateCookies: () => {},
    url: { pathname: '/billing', search: '' },
    rootParams: {},
    implicitTags: { tags: [], expirationsByCacheKind: new Map() },
    resumeDataCache: null,
    previewProps: undefined,
    isHmrRefresh: false,
    serverComponentsHmrCache: undefined,
    hmrRefreshHash: undefined,
    stagedFallbackParams: null,
  });
  // What `revalidatePath()` and `headers()` read of the work store; Next's own needs a whole render.
  const workStore = { route: '/billing', forceStatic: false, dynamicShouldError: false, incrementalCache: {}, cacheLifeProfiles: {} } as unknown as WorkStore;
  return workAsyncStorage.run(workStore, () => workUnitAsyncStorage.run(requestStore, work));
}
