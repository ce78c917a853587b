// `tsx scripts/with-pgbouncer.ts <command> [args…]`: runs the command against a PgBouncer in
// transaction mode (how Supabase's and Neon's poolers and most serverless deployments reach
// Postgres) in front of the PostgreSQL server TEST_POSTGRES_URL names (default
// postgres://postgres@127.0.0.1:5432/postgres), then stops the pooler. The command gets the
// pooled server in both variables our tools read:
//   TEST_POSTGRES_URL  the pooled URL with the server URL's database: `npm run test:postgres`
//                      (`npm run test:postgres:pooled` is exactly that), or one test file with
//                      `npx tsx scripts/with-pgbouncer.ts npx vitest run --project app <file>`;
//   BENCH_PG_URL       the pooled server without a database, which the benchmarks add their own
//                      to: `npx tsx scripts/with-pgbouncer.ts npm run bench:webhooks -- --db=postgres`.
// After a failed login to the server PgBouncer refuses every client for server_login_retry
// (15 s by default); it is 1 s here so that tests/db/connection-faults.test.ts measures the
// app's recovery, not the pooler's setting (a hosted pooler has its own).
// Databases created through it are real databases on the server (PgBouncer's `*` entry passes any
// name through). PgBouncer comes from Debian's package (`apt-get install pgbouncer`), like
// Chromium for the browser journeys; it is started on a free port with a throwaway configuration
// and never touches the server's own.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

const PGBOUNCER = process.env.PGBOUNCER_PATH ?? '/usr/sbin/pgbouncer';
const [command, ...args] = process.argv.slice(2);
if (!command) throw new Error('usage: tsx scripts/with-pgbouncer.ts <command> [args…]');

const server = new URL(process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const port = await freePort();
const dir = mkdtempSync(path.join(tmpdir(), 'entitle-pgbouncer-'));
// PgBouncer refuses to run as root; it then drops to the `postgres` user, who must read this folder.
chmodSync(dir, 0o777);
const user = decodeURIComponent(server.username || 'postgres');
writeFileSync(path.join(dir, 'users.txt'), `"${user}" "${decodeURIComponent(server.password)}"\n`);
writeFileSync(
  path.join(dir, 'pgbouncer.ini'),
  `[databases]
* = host=${server.hostname} port=${server.port || 5432}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${port}
unix_socket_dir =
auth_type = ${server.password ? 'plain' : 'trust'}
auth_file = ${path.join(dir, 'users.txt')}
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 20
logfile = ${path.join(dir, 'pgbouncer.log')}
ignore_startup_parameters = extra_float_digits
server_login_retry = 1
`,
);

const asRoot = process.getuid?.() === 0;
const pooler = spawn(PGBOUNCER, [...(asRoot ? ['-u', 'postgres'] : []), path.join(dir, 'pgbouncer.ini')], { stdio: 'inherit' });
pooler.once('error', (error) => {
  console.error(`[pgbouncer] could not start ${PGBOUNCER} (apt-get install pgbouncer): ${error.message}`);
  process.exit(1);
});

async function listening(deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (pooler.exitCode !== null) throw new Error(`pgbouncer exited with code ${pooler.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`pgbouncer did not listen on ${port}`);
}

let code = 1;
try {
  await listening(Date.now() + 10_000);
  const pooled = new URL(server);
  pooled.hostname = '127.0.0.1';
  pooled.port = String(port);
  console.log(`[pgbouncer] transaction pooling on ${pooled.host} in front of ${server.host}`);
  const pooledServer = `${pooled.protocol}//${pooled.username ? `${pooled.username}${pooled.password ? `:${pooled.password}` : ''}@` : ''}${pooled.host}`;
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, TEST_POSTGRES_URL: pooled.toString(), BENCH_PG_URL: pooledServer },
  });
  code = result.status ?? 1;
} finally {
  pooler.kill('SIGTERM');
  await new Promise((resolve) => (pooler.exitCode !== null ? resolve(null) : pooler.once('exit', resolve)));
  rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
