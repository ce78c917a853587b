import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { startStripeEmulator, type StripeEmulator } from '../../src/index.js';

export const WEBHOOK_SECRET = 'whsec_test_harness_secret';

export interface Receiver {
  url: string;
  /** Events whose signature `stripe.webhooks.constructEvent` accepted, in arrival order. */
  events: Stripe.Event[];
  rejected: number;
  /** Status codes to answer with (one per request) before answering normally; for retry tests. */
  failNext: number[];
  close(): Promise<void>;
}

export async function startReceiver(secret = WEBHOOK_SECRET): Promise<Receiver> {
  const verifier = new Stripe('sk_test_verifier');
  const state: Pick<Receiver, 'events' | 'rejected' | 'failNext'> = { events: [], rejected: 0, failNext: [] };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const forced = state.failNext.shift();
      if (forced !== undefined) {
        res.writeHead(forced).end();
        return;
      }
      try {
        const body = Buffer.concat(chunks).toString('utf8');
        const event = verifier.webhooks.constructEvent(body, String(req.headers['stripe-signature'] ?? ''), secret);
        state.events.push(event);
        res.writeHead(200).end('{"received":true}');
      } catch {
        state.rejected += 1;
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/webhooks`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

export interface Harness {
  emulator: StripeEmulator;
  stripe: Stripe;
  receiver: Receiver;
  close(): Promise<void>;
  /** Waits until delivery is idle and returns the number of events received so far. */
  mark(): Promise<number>;
  /** Waits until delivery is idle, then returns the types received since index `from`. */
  typesSince(from: number): Promise<string[]>;
  /** Waits until delivery is idle, then returns the events received since index `from`. */
  eventsSince(from: number): Promise<Stripe.Event[]>;
}

export async function startHarness(): Promise<Harness> {
  const receiver = await startReceiver();
  const emulator = await startStripeEmulator({ port: 0, webhookEndpoints: [{ url: receiver.url, secret: WEBHOOK_SECRET }] });
  const stripe = new Stripe('sk_test_emulator', { ...emulator.stripeConfig, maxNetworkRetries: 0 });
  const eventsSince = async (from: number): Promise<Stripe.Event[]> => {
    await emulator.webhooks.waitForIdle();
    return receiver.events.slice(from);
  };
  return {
    emulator,
    stripe,
    receiver,
    async close() {
      await emulator.stop();
      await receiver.close();
    },
    eventsSince,
    async mark() {
      await emulator.webhooks.waitForIdle();
      return receiver.events.length;
    },
    async typesSince(from: number) {
      return (await eventsSince(from)).map((e) => e.type);
    },
  };
}

export interface Catalog {
  basic: Stripe.Price;
  pro: Stripe.Price;
  proYearly: Stripe.Price;
  basicProduct: Stripe.Product;
  proProduct: Stripe.Product;
}

/** Two plans: Basic ($10/mo, feature `reports`) and Pro ($30/mo or $300/yr, `reports` + `export`). */
export async function seedCatalog(stripe: Stripe): Promise<Catalog> {
  const reports = await stripe.entitlements.features.create({ name: 'Reports', lookup_key: 'reports' });
  const exportFeature = await stripe.entitlements.features.create({ name: 'Export', lookup_key: 'export' });
  const basicProduct = await stripe.products.create({ name: 'Basic' });
  const proProduct = await stripe.products.create({ name: 'Pro' });
  await stripe.products.createFeature(basicProduct.id, { entitlement_feature: reports.id });
  await stripe.products.createFeature(proProduct.id, { entitlement_feature: reports.id });
  await stripe.products.createFeature(proProduct.id, { entitlement_feature: exportFeature.id });
  const basic = await stripe.prices.create({ product: basicProduct.id, currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' }, lookup_key: 'basic_monthly' });
  const pro = await stripe.prices.create({ product: proProduct.id, currency: 'usd', unit_amount: 3000, recurring: { interval: 'month' }, lookup_key: 'pro_monthly' });
  const proYearly = await stripe.prices.create({ product: proProduct.id, currency: 'usd', unit_amount: 30000, recurring: { interval: 'year' }, lookup_key: 'pro_yearly' });
  return { basic, pro, proYearly, basicProduct, proProduct };
}

export function checkoutSession(stripe: Stripe, price: Stripe.Price, extra: Partial<Stripe.Checkout.SessionCreateParams> = {}): Promise<Stripe.Checkout.Session> {
  return stripe.checkout.sessions.create({
    mode: 'subscription',
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: 'https://app.example/billing/success?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'https://app.example/billing',
    ...extra,
  });
}

export function idOf(value: string | { id: string } | null | undefined): string {
  if (!value) throw new Error('expected an id');
  return typeof value === 'string' ? value : value.id;
}

export type Payment = Parameters<StripeEmulator['checkout']['complete']>[1];

export const CARD_OK: Payment = { type: 'card', number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123' };

/** Subscribes a new customer through Checkout and returns the subscription. */
export async function subscribe(h: Harness, price: Stripe.Price, payment: Payment, extra: Partial<Stripe.Checkout.SessionCreateParams> = {}): Promise<Stripe.Subscription> {
  const session = await checkoutSession(h.stripe, price, extra);
  const outcome = await h.emulator.checkout.complete(session.id, payment);
  if (outcome.status === 'failed' || outcome.status === 'requires_action') throw new Error(`checkout did not complete: ${outcome.status} ${outcome.error ?? ''}`);
  const done = await h.stripe.checkout.sessions.retrieve(session.id);
  return h.stripe.subscriptions.retrieve(idOf(done.subscription));
}

export async function entitlementKeys(stripe: Stripe, customer: string): Promise<string[]> {
  const list = await stripe.entitlements.activeEntitlements.list({ customer, limit: 100 });
  return list.data.map((e) => e.lookup_key).sort();
}

/** Keeps the relative order of the listed types, dropping everything else. */
export function only(types: string[], keep: string[]): string[] {
  return types.filter((t) => keep.includes(t));
}

/** A hosted page's HTML, as a browser asking for `acceptLanguage` gets it. */
export function page(url: string, acceptLanguage?: string): Promise<string> {
  return fetch(url, { headers: acceptLanguage ? { 'Accept-Language': acceptLanguage } : {} }).then((res) => res.text());
}
