import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCliOptions } from '../src/cli-options.js';
import { startReceiver, WEBHOOK_SECRET, type Receiver } from './support/harness.js';

const BIN = path.resolve(import.meta.dirname, '../bin/stripe-emulator.js');

describe('command-line options', () => {
  it('takes flags over the environment, and the environment over the defaults', () => {
    const env = { STRIPE_EMULATOR_PORT: '4000', STRIPE_EMULATOR_HOST: '0.0.0.0', STRIPE_EMULATOR_RATE_LIMIT: 'test' };
    const fromEnv = parseCliOptions([], env);
    const fromFlags = parseCliOptions(['--port', '0', '--rate-limit=live'], env);
    const defaults = parseCliOptions([], {});
    expect(fromEnv.help === false && [fromEnv.options.port, fromEnv.options.host, fromEnv.options.rateLimit]).toEqual([4000, '0.0.0.0', 'test']);
    expect(fromFlags.help === false && [fromFlags.options.port, fromFlags.options.host, fromFlags.options.rateLimit]).toEqual([0, '0.0.0.0', 'live']);
    expect(defaults.help === false && defaults.options).toMatchObject({ port: 12111, host: '127.0.0.1', rateLimit: 'off', webhookEndpoints: [], billing: { afterFinalRetry: 'cancel' } });
  });

  it('signs several webhook endpoints with one secret, or each with its own', () => {
    const one = parseCliOptions(['--webhook', 'http://a.test/hook', '--webhook', 'http://b.test/hook', '--webhook-secret', 'whsec_1'], {});
    const each = parseCliOptions(['--webhook', 'http://a.test/hook', '--webhook-secret', 'whsec_a', '--webhook', 'http://b.test/hook', '--webhook-secret', 'whsec_b'], {});
    const env = parseCliOptions([], { STRIPE_WEBHOOK_URL: 'http://c.test/hook', STRIPE_WEBHOOK_SECRET: 'whsec_c' });
    expect(one.help === false && one.options.webhookEndpoints).toEqual([
      { url: 'http://a.test/hook', secret: 'whsec_1' },
      { url: 'http://b.test/hook', secret: 'whsec_1' },
    ]);
    expect(each.help === false && each.options.webhookEndpoints).toEqual([
      { url: 'http://a.test/hook', secret: 'whsec_a' },
      { url: 'http://b.test/hook', secret: 'whsec_b' },
    ]);
    expect(env.help === false && env.options.webhookEndpoints).toEqual([{ url: 'http://c.test/hook', secret: 'whsec_c' }]);
  });

  it('takes the account name from --account-name or STRIPE_EMULATOR_ACCOUNT_NAME', () => {
    const flag = parseCliOptions(['--account-name', 'Acme'], { STRIPE_EMULATOR_ACCOUNT_NAME: 'Other' });
    const env = parseCliOptions([], { STRIPE_EMULATOR_ACCOUNT_NAME: 'Other' });
    const none = parseCliOptions([], {});
    expect([flag, env, none].map((r) => r.help === false && r.options.accountName)).toEqual(['Acme', 'Other', undefined]);
  });

  it('reads the clock as an ISO time or Unix seconds', () => {
    const iso = parseCliOptions(['--clock', '2031-01-01T00:00:00Z'], {});
    const unix = parseCliOptions([], { STRIPE_EMULATOR_CLOCK: '1924992000' });
    expect(iso.help === false && iso.options.clockStart).toBe(1924992000);
    expect(unix.help === false && unix.options.clockStart).toBe(1924992000);
  });

  it('refuses what it cannot honour, naming the flag and the variable', () => {
    expect(() => parseCliOptions(['--webhook', 'http://a.test/hook'], {})).toThrow(/--webhook-secret, STRIPE_WEBHOOK_SECRET/);
    expect(() => parseCliOptions([], { STRIPE_WEBHOOK_URL: 'http://a.test/hook' })).toThrow(/STRIPE_WEBHOOK_SECRET/);
    expect(() => parseCliOptions(['--webhook', 'http://a.test', '--webhook', 'http://b.test', '--webhook-secret', 'x', '--webhook-secret', 'y', '--webhook-secret', 'z'], {})).toThrow(/one per --webhook/);
    expect(() => parseCliOptions(['--webhook', 'not a url', '--webhook-secret', 'x'], {})).toThrow(/not a URL/);
    expect(() => parseCliOptions(['--port', '70000'], {})).toThrow(/--port, STRIPE_EMULATOR_PORT/);
    expect(() => parseCliOptions(['--port', 'http'], {})).toThrow(/--port/);
    expect(() => parseCliOptions(['--clock', 'next tuesday'], {})).toThrow(/--clock, STRIPE_EMULATOR_CLOCK/);
    expect(() => parseCliOptions(['--after-final-retry', 'delete'], {})).toThrow(/--after-final-retry/);
    expect(() => parseCliOptions(['--rate-limit', 'fast'], {})).toThrow(/--rate-limit/);
    expect(() => parseCliOptions(['--prot', '1'], {})).toThrow();
    expect(parseCliOptions(['--help'], {})).toEqual({ help: true });
  });
});

describe('the stripe-emulator command', () => {
  let child: ChildProcess | undefined;
  let receiver: Receiver | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await receiver?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    child = receiver = dir = undefined;
  });

  function start(args: string[]): Promise<{ url: string; output: () => string }> {
    const proc = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, STRIPE_EMULATOR_PORT: '', STRIPE_WEBHOOK_URL: '', STRIPE_WEBHOOK_SECRET: '' } });
    child = proc;
    let output = '';
    return new Promise((resolve, reject) => {
      proc.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
        if (url) resolve({ url, output: () => output });
      });
      proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      proc.once('exit', (code) => reject(new Error(`stripe-emulator exited with ${code}: ${output}`)));
    });
  }

  it('serves the SDK with the flags given: free port, signed webhooks, clock and snapshot; stops on SIGTERM', async () => {
    receiver = await startReceiver();
    dir = mkdtempSync(path.join(tmpdir(), 'stripe-emulator-cli-'));
    const snapshot = path.join(dir, 'state.json');
    const { url } = await start(['--port', '0', '--webhook', receiver.url, '--webhook-secret', WEBHOOK_SECRET, '--clock', '2031-01-01T00:00:00Z', '--snapshot', snapshot]);
    const { hostname, port } = new URL(url);
    const stripe = new Stripe('sk_test_cli', { host: hostname, port: Number(port), protocol: 'http', maxNetworkRetries: 0 });

    const customer = await stripe.customers.create({ email: 'cli@example.com' });
    expect(customer.created).toBeGreaterThanOrEqual(1924992000);
    const received = receiver;
    await expect.poll(() => received.events.map((e) => e.type)).toContain('customer.created');
    expect(received.rejected).toBe(0);
    expect(received.events.find((e) => e.type === 'customer.created')?.data.object).toMatchObject({ id: customer.id });

    const proc = child;
    const exited = new Promise<number | null>((resolve) => proc?.once('exit', (code) => resolve(code)));
    proc?.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Stopping writes the snapshot, which a later start loads.
    expect(readFileSync(snapshot, 'utf8')).toContain(customer.id);
  });

  it('exits 1 with the reason when an option is wrong', async () => {
    await expect(start(['--webhook', 'http://127.0.0.1:1/hook'])).rejects.toThrow(/exited with 1: .*STRIPE_WEBHOOK_SECRET/s);
  });
});
