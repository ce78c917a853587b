import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type DatabaseFaultProxy = {
  /** The database URL it was given, reached through the proxy instead. */
  url: string;
  /** Drops every open connection and refuses new ones (nothing listens on the port) until `up()`. */
  down(): Promise<void>;
  /** Listens again on the same port: the database is reachable again. */
  up(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * A TCP pass-through to a PostgreSQL server (or a pooler in front of one) that can be made to
 * fail the way the network or a restarting database does: every open connection is cut, and
 * connections are refused for a while. The app's own driver sees the failures; nothing in the
 * app is replaced.
 */
export async function startDatabaseFaultProxy(databaseUrl: string): Promise<DatabaseFaultProxy> {
  const target = new URL(databaseUrl);
  const targetPort = Number(target.port || 5432);
  const open = new Set<Socket>();

  const server = createServer((client) => {
    const upstream = connect(targetPort, target.hostname);
    open.add(client).add(upstream);
    const cut = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', cut).on('close', cut);
    upstream.on('error', cut).on('close', cut);
    client.pipe(upstream);
    upstream.pipe(client);
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of open) socket.destroy();
      open.clear();
    });

  await listen(0);
  const { port } = server.address() as AddressInfo;
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return { url: url.toString(), down: close, up: () => listen(port), stop: () => (server.listening ? close() : Promise.resolve()) };
}
