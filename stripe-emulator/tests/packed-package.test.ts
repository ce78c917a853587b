import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The package as a consumer gets it: compiled the way `npm pack` compiles it (tsconfig.build.json),
// packed by npm with the manifest's `files`, unpacked into another project's node_modules beside
// `stripe`, then loaded by plain Node (no TypeScript loader, no resolve conditions) and run by its
// bin. Built in a temporary folder so the working tree's dist/ is never touched.

const run = promisify(execFile);
const packageRoot = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
/** The installed stripe package's folder (its `exports` hide package.json from require.resolve). */
function packageFolder(name: string): string {
  let dir = path.dirname(require.resolve(name));
  while (!(existsSync(path.join(dir, 'package.json')) && (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name === name)) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no folder of ${name}`);
    dir = parent;
  }
  return dir;
}
const stripeRoot = packageFolder('stripe');

let work: string;
let consumer: string;
let packed: string[];

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'stripe-emulator-pack-'));
  const staging = path.join(work, 'package');
  mkdirSync(staging);
  for (const entry of ['package.json', 'README.md', 'LICENSE', 'bin']) cpSync(path.join(packageRoot, entry), path.join(staging, entry), { recursive: true });
  await run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(packageRoot, 'tsconfig.build.json'), '--outDir', path.join(staging, 'dist')]);
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: staging });
  const [result] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  if (!result) throw new Error('npm pack reported nothing');
  packed = result.files.map((f) => f.path);

  consumer = path.join(work, 'consumer');
  const installed = path.join(consumer, 'node_modules', 'stripe-emulator');
  mkdirSync(installed, { recursive: true });
  await run('tar', ['-xzf', path.join(work, result.filename), '-C', installed, '--strip-components=1']);
  symlinkSync(stripeRoot, path.join(consumer, 'node_modules', 'stripe'), 'dir');
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the compiled entry, its declarations, the bin, the README and the licence, and no sources or tests', () => {
    for (const file of ['package.json', 'README.md', 'LICENSE', 'bin/stripe-emulator.js', 'dist/index.js', 'dist/index.d.ts', 'dist/cli.js']) expect(packed).toContain(file);
    expect(packed.filter((f) => !/^(dist|bin)\//.test(f) && !['package.json', 'README.md', 'LICENSE'].includes(f))).toEqual([]);
    const manifest = JSON.parse(readFileSync(path.join(consumer, 'node_modules/stripe-emulator/package.json'), 'utf8')) as { exports: Record<string, Record<string, string>> };
    expect(manifest.exports['.']).toMatchObject({ types: './dist/index.d.ts', default: './dist/index.js' });
  });

  it('starts in-process from plain Node and answers the stripe SDK', async () => {
    const script = `
      import Stripe from 'stripe';
      import { startStripeEmulator } from 'stripe-emulator';
      const emulator = await startStripeEmulator({ port: 0 });
      const stripe = new Stripe('sk_test_consumer', { ...emulator.stripeConfig, maxNetworkRetries: 0 });
      const customer = await stripe.customers.create({ email: 'consumer@example.com' });
      const found = await stripe.customers.list({ email: 'consumer@example.com' });
      console.log(JSON.stringify({ id: customer.id, found: found.data.map((c) => c.id) }));
      await emulator.stop();
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: consumer, env: { ...process.env, NODE_OPTIONS: '' } });
    const result = JSON.parse(stdout) as { id: string; found: string[] };
    expect(result.id).toMatch(/^cus_/);
    expect(result.found).toEqual([result.id]);
  });

  it('runs as a command from the compiled cli', async () => {
    const bin = path.join(consumer, 'node_modules/stripe-emulator/bin/stripe-emulator.js');
    const child: ChildProcess = spawn(process.execPath, [bin, '--port', '0'], { cwd: consumer, env: { ...process.env, NODE_OPTIONS: '', STRIPE_EMULATOR_PORT: '' } });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const found = /listening on (http:\/\/\S+)/.exec(output)?.[1];
          if (found) resolve(found);
        });
        child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
      });
      const { hostname, port } = new URL(url);
      const stripe = new Stripe('sk_test_consumer', { host: hostname, port: Number(port), protocol: 'http', maxNetworkRetries: 0 });
      const product = await stripe.products.create({ name: 'Packed' });
      expect(await stripe.products.retrieve(product.id)).toMatchObject({ id: product.id, name: 'Packed', object: 'product' });
    } finally {
      child.kill('SIGTERM');
    }
  });
});
