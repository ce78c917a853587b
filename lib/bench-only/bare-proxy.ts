// The normal build's answer, always no. The benchmark build (ENTITLE_BENCH=1) resolves this module
// to bare-proxy.bench.ts instead (next.config.ts), whose answer a request can choose: no normal
// build contains a way to skip the proxy.

/** Whether proxy.ts should do nothing for this request. */
export function bareProxyRequested(request: Request): boolean {
  void request;
  return false;
}
