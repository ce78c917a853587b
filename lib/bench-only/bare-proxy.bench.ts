// Only in the benchmark build (next.config.ts aliases bare-proxy.ts to this file when
// ENTITLE_BENCH=1): `npm run bench:gate` asks for /dashboard with the proxy doing nothing, to
// measure what the whole proxy costs a signed-in page against the same route and build.

export const BARE_PROXY_HEADER = 'x-entitle-bench-bare-proxy';

/** Whether proxy.ts should do nothing for this request. */
export function bareProxyRequested(request: Request): boolean {
  return request.headers.get(BARE_PROXY_HEADER) === '1';
}
