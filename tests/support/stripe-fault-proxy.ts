import { createServer, request as forward } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = 'none' | 'unreachable' | 429 | 500 | 503;

export type FaultProxy = {
  /** Point the app's Stripe client here (STRIPE_EMULATOR_URL) instead of at the emulator. */
  url: string;
  /** What the next Stripe requests meet: the emulator, a dropped connection, or an error status. */
  set(fault: Fault): void;
  /** Requests that met a fault since the last `set`. */
  faulted(): number;
  stop(): Promise<void>;
};

/**
 * A pass-through to the emulator that can be made to fail the way Stripe's API fails for real:
 * connections dropped, 429 rate limiting, 5xx. The app's own Stripe client and the real SDK see
 * these failures, retries and all; nothing in the app is replaced.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let fault: Fault = 'none';
  let faulted = 0;
  const server = createServer((req, res) => {
    if (fault !== 'none') faulted++;
    if (fault === 'unreachable') {
      req.socket.destroy();
      return;
    }
    if (typeof fault === 'number') {
      const type = fault === 429 ? 'invalid_request_error' : 'api_error';
      res.writeHead(fault, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type, code: fault === 429 ? 'rate_limit' : undefined, message: `Injected ${fault}` } }));
      return;
    }
    const out = forward(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    set(next) {
      fault = next;
      faulted = 0;
    },
    faulted: () => faulted,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
