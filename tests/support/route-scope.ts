import { workAsyncStorage } from 'next/dist/server/app-render/work-async-storage.external';
import { workUnitAsyncStorage } from 'next/dist/server/app-render/work-unit-async-storage.external';
import { nextStores } from './request-scope';

export type ServedRoute = {
  /** What the handler answered, before any of its `after()` work has run. */
  response: Response;
  /**
   * Sends the response (closes the request, as Next.js does when the socket closes), then waits
   * for the work the handler scheduled with `after()`, the way Vercel's `waitUntil` keeps a
   * function alive for it. Rejects with the first error an `after()` task threw.
   */
  finish(): Promise<void>;
};

/**
 * Calls a route handler inside the request scope Next.js builds for route handlers
 * (node_modules/next/dist/build/templates/app-route.js): a work store whose `after()` tasks wait
 * for the response to close and are handed to `waitUntil`. Nothing runs after the response
 * until `finish()`, so a test sees exactly what the handler did before answering.
 */
export async function serveRoute(handler: (request: Request) => Promise<Response>, request: Request): Promise<ServedRoute> {
  const pending: Promise<unknown>[] = [];
  const closeListeners: (() => void)[] = [];
  const taskErrors: unknown[] = [];
  const url = new URL(request.url);
  const { requestStore, workStore } = nextStores({
    headers: request.headers,
    url: { pathname: url.pathname, search: url.search },
    page: `${url.pathname}/route`,
    after: {
      waitUntil: (promise) => void pending.push(promise),
      onClose: (listener) => void closeListeners.push(listener),
      onAfterTaskError: (error) => void taskErrors.push(error),
    },
  });
  const response = await workAsyncStorage.run(workStore, () => workUnitAsyncStorage.run(requestStore, () => handler(request)));
  let finished: Promise<void> | undefined;
  return {
    response,
    finish() {
      finished ??= (async () => {
        for (const listener of closeListeners.splice(0)) listener();
        // A task may schedule more (nested after()); wait until nothing new was added.
        for (let settled = 0; settled < pending.length; ) {
          const upTo = pending.length;
          await Promise.all(pending.slice(settled, upTo));
          settled = upTo;
        }
        if (taskErrors.length > 0) throw taskErrors[0];
      })();
      return finished;
    },
  };
}
