import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { closeDatabase, getDb } from '@/db/client';
import { entitlementSummaries, stripeEvents, subscriptions } from '@/db/schema';
import { setupCatalog } from '@/lib/billing/setup-catalog';
import { sweepStripeEvents } from '@/lib/billing/sync/sweep-events';
import { EMULATOR_WEBHOOK_SECRET } from '@/lib/env/emulator-defaults';
import { createTestUser, subscribe, testStripe } from '../support/billing-harness';

// THE KILL TEST. A server acknowledges a batch of real Stripe events and is killed (SIGKILL)
// before it can process any of them: nothing may be lost. The server is a process of its own
// (tests/support/webhook-server-process.ts) serving the real route handler on the same database;
// its Stripe is a black hole that accepts connections and never answers, so processing starts
// and cannot finish. Afterwards a sweeper here must bring every customer's rows equal to Stripe's.

const { emulator, dataDir } = await vi.hoisted(async () => {
  const { mkdtempSync: makeTemp } = await import('node:fs');
  const { tmpdir: temp } = await import('node:os');
  const { join } = await import('node:path');
  // PGlite: a folder both processes can open, one after the other (an in-memory database is this
  // process's alone). PostgreSQL: the test's own database, as set up for it.
  const dir = makeTemp(join(temp(), 'entitle-kill-'));
  if (!process.env.TEST_POSTGRES_URL) process.env.DATABASE_URL = `pglite://${join(dir, 'pglite')}`;
  const { startBillingEmulator } = await import('../support/billing-harness');
  return { ...(await startBillingEmulator()), dataDir: dir };
});
const embedded = !process.env.TEST_POSTGRES_URL;

beforeAll(async () => {
  await setupCatalog(await testStripe());
  return async () => {
    await emulator.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
});

/** A TCP server that takes connections and never answers: Stripe as seen from a dying instance. */
async function startBlackHole(): Promise<{ url: string; connections(): number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    connections: () => sockets.size,
    stop: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function startWebhookServer(stripeUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', path.join('tests', 'support', 'webhook-server-process.ts')], {
    env: { ...process.env, NODE_ENV: 'test', STRIPE_EMULATOR_URL: stripeUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\d+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`webhook server exited (${code}) before listening:\n${output}`)));
  });
  return { url: `http://127.0.0.1:${port}/api/stripe/webhook`, child };
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 25));
}

/** The customer's rows as Stripe has them right now, and as we do. */
async function ourRowsAndStripes(customerId: string) {
  const stripe = await testStripe();
  const [subs, entitlements] = await Promise.all([
    stripe.subscriptions.list({ customer: customerId, status: 'all' }),
    stripe.entitlements.activeEntitlements.list({ customer: customerId }),
  ]);
  const [ours, summary] = await Promise.all([
    getDb().select().from(subscriptions).where(eq(subscriptions.stripeCustomerId, customerId)),
    getDb().select().from(entitlementSummaries).where(eq(entitlementSummaries.stripeCustomerId, customerId)),
  ]);
  return {
    stripe: {
      subscriptions: subs.data.map((s) => ({ id: s.id, status: s.status, price: s.items.data[0]?.price.lookup_key ?? null })).sort((a, b) => a.id.localeCompare(b.id)),
      features: entitlements.data.map((e) => e.lookup_key).sort(),
    },
    ours: {
      subscriptions: ours.map((s) => ({ id: s.id, status: s.status, price: s.priceLookupKey })).sort((a, b) => a.id.localeCompare(b.id)),
      features: [...(summary[0]?.features ?? [])].sort(),
    },
  };
}

describe('a server killed between acknowledging events and processing them', () => {
  it('loses none of them: the sweeper brings every customer equal to Stripe', { timeout: 120_000 }, async () => {
    const stripe = await testStripe();
    const premium = (await stripe.prices.list({ lookup_keys: ['premium_monthly'] })).data[0];
    // Four subscribers, in sync with Stripe.
    const customers: string[] = [];
    for (let i = 0; i < 4; i++) {
      const userId = await createTestUser(`killed-${i}@example.com`);
      await subscribe(emulator, userId, 'basic');
      const [row] = await getDb().select().from(subscriptions).where(eq(subscriptions.userId, userId));
      if (!row) throw new Error('no subscription row');
      customers.push(row.stripeCustomerId);
    }
    // Then changes in Stripe whose events have not reached us: for each customer first an event
    // whose processing has to read Stripe (a customer.updated), then upgrades, and a cancellation.
    // Each customer's events share one sync at a time, so none of them gets past the first.
    emulator.webhooks.pause();
    for (const [i, customerId] of customers.entries()) {
      await stripe.customers.update(customerId, { metadata: { note: `changed while webhooks were down (${i})` } });
      const subscription = (await stripe.subscriptions.list({ customer: customerId })).data[0];
      if (!subscription) throw new Error('no subscription');
      if (i === 3) await stripe.subscriptions.cancel(subscription.id);
      else await stripe.subscriptions.update(subscription.id, { items: [{ id: subscription.items.data[0]?.id, price: premium?.id }], proration_behavior: 'none' });
    }
    const known = new Set((await getDb().select({ id: stripeEvents.id }).from(stripeEvents)).map((r) => r.id));
    const batch = (await stripe.events.list({ limit: 100 })).data.filter((event) => !known.has(event.id)).reverse();
    expect(batch.length).toBeGreaterThanOrEqual(customers.length);
    for (const customerId of customers) {
      const before = await ourRowsAndStripes(customerId);
      expect(before.ours).not.toEqual(before.stripe);
    }

    // The embedded database is opened by one process at a time: hand it to the server.
    if (embedded) await closeDatabase();
    const blackHole = await startBlackHole();
    const server = await startWebhookServer(blackHole.url);
    try {
      for (const event of batch) {
        const payload = JSON.stringify(event);
        const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: EMULATOR_WEBHOOK_SECRET });
        const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload });
        expect(response.status).toBe(200);
      }
      // Processing has begun for every customer: it is waiting on Stripe, which will never answer.
      await until(() => blackHole.connections() >= customers.length);
      const exited = new Promise((resolve) => server.child.on('exit', resolve));
      server.child.kill('SIGKILL');
      await exited;
    } finally {
      server.child.kill('SIGKILL');
      await blackHole.stop();
    }

    // Every acknowledged event is in the inbox with its payload; the ones that needed Stripe are unprocessed.
    const stored = await getDb().select().from(stripeEvents).where(inArray(stripeEvents.id, batch.map((e) => e.id)));
    expect(stored.map((row) => row.id).sort()).toEqual(batch.map((e) => e.id).sort());
    expect(stored.every((row) => row.payload?.id === row.id)).toBe(true);
    expect(stored.filter((row) => row.processedAt === null).length).toBeGreaterThanOrEqual(customers.length * 2);
    for (const customerId of customers) {
      const killed = await ourRowsAndStripes(customerId);
      expect(killed.ours).not.toEqual(killed.stripe);
    }

    // Time passes: the dead server's leases run out, and a sweeper (the cron) runs.
    await getDb().update(stripeEvents).set({ nextAttemptAt: sql`now()` }).where(sql`${stripeEvents.processedAt} is null`);
    const swept = await sweepStripeEvents();
    expect(swept.failed).toBe(0);
    expect(swept.claimed).toBe(stored.filter((row) => row.processedAt === null).length);

    for (const customerId of customers) {
      const after = await ourRowsAndStripes(customerId);
      expect(after.ours).toEqual(after.stripe);
    }
    const processed = await getDb().select().from(stripeEvents).where(inArray(stripeEvents.id, batch.map((e) => e.id)));
    expect(processed.filter((row) => row.processedAt === null)).toEqual([]);
  });
});
