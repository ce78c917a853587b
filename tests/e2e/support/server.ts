import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@/scripts/free-port';

// Journeys that need a server of their own (another configuration, or one that must fail to
// start) run `next start` on the same build, with its own port and embedded database.

/** The variables `npm run test:e2e` gave the main server (scripts/e2e.ts). */
export function appVars(): Record<string, string> {
  const raw = process.env.E2E_APP_VARS;
  if (!raw) throw new Error('E2E_APP_VARS is not set: run the journeys with `npm run test:e2e`');
  return JSON.parse(raw) as Record<string, string>;
}

export type AppServer = {
  url: string;
  port: number;
  process: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Its exit code, once it exits. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
};

/** Starts `next start`; `vars` are set on top of this process's environment (undefined: unset). */
export async function spawnApp(vars: Record<string, string | undefined>, port?: number): Promise<AppServer> {
  const appPort = port ?? (await freePort());
  const dataDir = mkdtempSync(path.join(tmpdir(), 'entitle-e2e-app-'));
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', DATABASE_URL: `pglite://${path.join(dataDir, 'pglite')}` };
  for (const [name, value] of Object.entries(vars)) {
    if (name === 'DATABASE_URL') continue; // never the main server's database
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const child = spawn(path.resolve('node_modules/.bin/next'), ['start', '--hostname', '127.0.0.1', '--port', String(appPort)], { env });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => rmSync(dataDir, { recursive: true, force: true }));
  return {
    url: `http://127.0.0.1:${appPort}`,
    port: appPort,
    process: child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Waits until the server answers (below 500), failing if it exits first. */
export async function waitUntilServing(app: AppServer, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.process.exitCode !== null) throw new Error(`next start exited with ${app.process.exitCode}:\n${app.output()}`);
    const status = await fetch(`${app.url}/sign-in`, { redirect: 'manual' }).then(
      (response) => response.status,
      () => 0,
    );
    if (status > 0 && status < 500) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`next start did not answer within ${timeoutMs / 1000}s:\n${app.output()}`);
}
