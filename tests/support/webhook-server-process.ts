// A process of its own serving the real webhook route handler over HTTP, the way a Next.js
// instance does: answer first, then run the route's after() work once the response is sent.
// tests/billing/webhook-kill.test.ts starts it with `tsx --conditions=react-server` (as Next.js
// loads server code) and kills it. Prints `listening <port>` when ready.
import 'next/dist/server/node-environment-baseline';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const { POST } = await import('@/app/api/stripe/webhook/route');
const { serveRoute } = await import('./route-scope');
const { databaseReady, getDb } = await import('@/db/client');
getDb();
await databaseReady();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const request = new Request(`http://127.0.0.1${req.url ?? '/'}`, { method: req.method, headers, body: Buffer.concat(chunks) });
    void (async () => {
      const served = await serveRoute(POST, request);
      res.writeHead(served.response.status, { 'content-type': 'application/json' });
      res.end(await served.response.text());
      await served.finish();
    })().catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
