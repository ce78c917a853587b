import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseForm } from '../src/http/parse-form.js';
import { startStripeEmulator, type StripeEmulator } from '../src/index.js';

let emulator: StripeEmulator;
let stripe: Stripe;

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  stripe = new Stripe('sk_test_dialect', { ...emulator.stripeConfig, maxNetworkRetries: 0 });
});
afterAll(async () => emulator.stop());

describe('form parsing', () => {
  it('reads bracket notation, indexed and empty-bracket arrays', () => {
    expect(parseForm('items[0][price]=p1&items[0][quantity]=2&items[1][price]=p2&metadata[a]=1&expand[]=x&expand[]=y.z&name=A+B%26C')).toEqual({
      items: [{ price: 'p1', quantity: '2' }, { price: 'p2' }],
      metadata: { a: '1' },
      expand: ['x', 'y.z'],
      name: 'A B&C',
    });
    expect(parseForm('expand[0]=a&expand[1]=b&lookup_keys%5B0%5D=k')).toEqual({ expand: ['a', 'b'], lookup_keys: ['k'] });
  });
});

describe('authentication and errors', () => {
  it('answers 401 without a secret key', async () => {
    const res = await fetch(`${emulator.url}/v1/customers`);
    expect(res.status).toBe(401);
    const body: { error: { type: string } } = await res.json();
    expect(body.error.type).toBe('invalid_request_error');
    const pk = await fetch(`${emulator.url}/v1/customers`, { headers: { Authorization: 'Bearer pk_test_x' } });
    expect(pk.status).toBe(401);
  });

  it('answers 404 resource_missing for an unknown id', async () => {
    await expect(stripe.customers.retrieve('cus_missing')).rejects.toMatchObject({
      statusCode: 404,
      type: 'StripeInvalidRequestError',
      code: 'resource_missing',
      param: 'id',
      message: "No such customer: 'cus_missing'",
    });
  });

  it('answers 400 for a bad parameter', async () => {
    await expect(stripe.prices.create({ currency: 'usd', unit_amount: 100, product: 'prod_missing' })).rejects.toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'product' });
    await expect(stripe.customers.list({ limit: 1000 })).rejects.toMatchObject({ statusCode: 400, param: 'limit' });
    await expect(stripe.products.create({ name: '' })).rejects.toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'name' });
  });

  it('creates the product a price names inline in product_data, product.created first', async () => {
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 700, product_data: { name: 'Inline', metadata: { tier: 'x' } } });
    const product = await stripe.products.retrieve(String(price.product));
    expect(product).toMatchObject({ name: 'Inline', metadata: { tier: 'x' }, active: true });
    const events = await stripe.events.list({ limit: 2 });
    expect(events.data.map((event) => event.type).reverse()).toEqual(['product.created', 'price.created']);
    await expect(stripe.prices.create({ currency: 'usd', unit_amount: 700 })).rejects.toMatchObject({ statusCode: 400, param: 'product' });
  });

  it('refuses to expand a field that does not exist', async () => {
    const c = await stripe.customers.create({ email: 'e@example.com' });
    await expect(stripe.customers.retrieve(c.id, { expand: ['nope'] })).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe('idempotency', () => {
  it('replays the first response for the same key and parameters', async () => {
    const a = await stripe.customers.create({ email: 'idem@example.com' }, { idempotencyKey: 'key-1' });
    const b = await stripe.customers.create({ email: 'idem@example.com' }, { idempotencyKey: 'key-1' });
    expect(b.id).toBe(a.id);
    expect((await stripe.customers.list({ email: 'idem@example.com' })).data).toHaveLength(1);
  });

  it('replays errors with their status too', async () => {
    const attempt = () => stripe.prices.create({ currency: 'usd', unit_amount: 100, product: 'prod_nope' }, { idempotencyKey: 'key-err' });
    await expect(attempt()).rejects.toMatchObject({ statusCode: 400 });
    await stripe.products.create({ name: 'late', id: 'prod_nope' });
    await expect(attempt()).rejects.toMatchObject({ statusCode: 400, code: 'resource_missing' });
  });

  it('rejects the same key with other parameters', async () => {
    await stripe.customers.create({ email: 'one@example.com' }, { idempotencyKey: 'key-2' });
    await expect(stripe.customers.create({ email: 'two@example.com' }, { idempotencyKey: 'key-2' })).rejects.toMatchObject({
      statusCode: 400,
      type: 'StripeIdempotencyError',
    });
  });
});

describe('lists', () => {
  it('pages with limit, starting_after, ending_before and has_more, newest first', async () => {
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await stripe.customers.create({ email: `page${i}@example.com`, metadata: { page: 'yes' } })).id);
    const newest = [...created].reverse();
    const all = (await stripe.customers.list({ limit: 100 })).data.filter((c) => c.metadata.page === 'yes').map((c) => c.id);
    expect(all).toEqual(newest);
    const first = await stripe.customers.list({ limit: 3 });
    expect(first.object).toBe('list');
    expect(first.url).toBe('/v1/customers');
    expect(first.data.map((c) => c.id)).toEqual(newest.slice(0, 3));
    expect(first.has_more).toBe(true);
    const second = await stripe.customers.list({ limit: 3, starting_after: newest[2] });
    expect(second.data.map((c) => c.id)).toEqual(newest.slice(3, 6));
    const back = await stripe.customers.list({ limit: 2, ending_before: newest[3] });
    expect(back.data.map((c) => c.id)).toEqual(newest.slice(1, 3));
    expect(back.has_more).toBe(true);
    const seen: string[] = [];
    for await (const c of stripe.customers.list({ limit: 2 })) if (c.metadata.page === 'yes') seen.push(c.id);
    expect(seen).toEqual(newest);
  });

  it('filters prices by lookup_keys, product and active; transfers a lookup key', async () => {
    const product = await stripe.products.create({ name: 'Lookup' });
    const old = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 500, recurring: { interval: 'month' }, lookup_key: 'team' });
    await expect(stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 600, recurring: { interval: 'month' }, lookup_key: 'team' })).rejects.toMatchObject({ statusCode: 400 });
    const fresh = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 600, recurring: { interval: 'month' }, lookup_key: 'team', transfer_lookup_key: true });
    const byKey = await stripe.prices.list({ lookup_keys: ['team'] });
    expect(byKey.data.map((p) => p.id)).toEqual([fresh.id]);
    expect((await stripe.prices.retrieve(old.id)).lookup_key).toBeNull();
    await stripe.prices.update(old.id, { active: false });
    expect((await stripe.prices.list({ product: product.id, active: true })).data.map((p) => p.id)).toEqual([fresh.id]);
  });

  it('paginates active entitlements', async () => {
    const product = await stripe.products.create({ name: 'Many features' });
    for (let i = 0; i < 3; i++) {
      const f = await stripe.entitlements.features.create({ name: `F${i}`, lookup_key: `f${i}` });
      await stripe.products.createFeature(product.id, { entitlement_feature: f.id });
    }
    expect((await stripe.products.listFeatures(product.id)).data).toHaveLength(3);
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 100, recurring: { interval: 'month' } });
    const customer = await stripe.customers.create({ email: 'ents@example.com' });
    await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const pm = (await stripe.paymentMethods.list({ customer: customer.id })).data[0];
    await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm?.id });
    const page1 = await stripe.entitlements.activeEntitlements.list({ customer: customer.id, limit: 2 });
    expect(page1.has_more).toBe(true);
    const page2 = await stripe.entitlements.activeEntitlements.list({ customer: customer.id, limit: 2, starting_after: page1.data[1]?.id });
    expect([...page1.data, ...page2.data].map((e) => e.lookup_key).sort()).toEqual(['f0', 'f1', 'f2']);
    const [pf] = (await stripe.products.listFeatures(product.id)).data;
    await stripe.products.deleteFeature(product.id, pf?.id ?? '');
    expect((await stripe.entitlements.activeEntitlements.list({ customer: customer.id })).data).toHaveLength(2);
  });
});

describe('customers', () => {
  it('updates metadata, deletes, and reports deleted on retrieve', async () => {
    const c = await stripe.customers.create({ email: 'm@example.com', metadata: { a: '1', b: '2' } });
    const u = await stripe.customers.update(c.id, { metadata: { b: '', c: '3' } });
    expect(u.metadata).toEqual({ a: '1', c: '3' });
    const product = await stripe.products.create({ name: 'Del' });
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 100, recurring: { interval: 'month' } });
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: c.id });
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id }], default_payment_method: pm.id });
    expect(sub.status).toBe('active');
    const del = await stripe.customers.del(c.id);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('canceled');
    expect(del.deleted).toBe(true);
    const again = await stripe.customers.retrieve(c.id);
    expect(again.deleted).toBe(true);
  });
});
