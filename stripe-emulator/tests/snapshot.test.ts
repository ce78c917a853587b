import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { startStripeEmulator } from '../src/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('snapshot', () => {
  it('keeps state across restarts, and billing continues from it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stripe-emulator-'));
    dirs.push(dir);
    const snapshotPath = path.join(dir, 'state.json');

    const first = await startStripeEmulator({ port: 0, snapshotPath });
    const a = new Stripe('sk_test_snap', { ...first.stripeConfig, maxNetworkRetries: 0 });
    const feature = await a.entitlements.features.create({ name: 'Reports', lookup_key: 'reports' });
    const product = await a.products.create({ name: 'Pro' });
    await a.products.createFeature(product.id, { entitlement_feature: feature.id });
    const price = await a.prices.create({ product: product.id, currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' } });
    const session = await a.checkout.sessions.create({ mode: 'subscription', line_items: [{ price: price.id, quantity: 1 }], success_url: 'https://x.example/ok' });
    await first.checkout.complete(session.id, { type: 'card', number: '4242424242424242' });
    const done = await a.checkout.sessions.retrieve(session.id);
    await first.stop();
    expect(existsSync(snapshotPath)).toBe(true);

    const second = await startStripeEmulator({ port: 0, snapshotPath });
    const b = new Stripe('sk_test_snap', { ...second.stripeConfig, maxNetworkRetries: 0 });
    const sub = await b.subscriptions.retrieve(String(done.subscription));
    expect(sub.status).toBe('active');
    expect((await b.entitlements.activeEntitlements.list({ customer: String(done.customer) })).data.map((e) => e.lookup_key)).toEqual(['reports']);
    expect((await b.products.listFeatures(product.id)).data).toHaveLength(1);
    const end = sub.items.data[0]?.current_period_end ?? 0;
    await second.clock.advance(end - second.clock.now() + 10);
    const invoices = await b.invoices.list({ subscription: sub.id });
    expect(invoices.data.map((i) => i.billing_reason)).toEqual(['subscription_cycle', 'subscription_create']);
    expect(invoices.data[0]?.status).toBe('paid');
    await second.stop();
  });
});
