import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINT_PARAM_TYPES } from '../src/http/endpoint-param-types.js';
import { PARAM_SPECS } from '../src/http/param-specs.js';
import { apiRouter } from '../src/http/routes.js';
import { startStripeEmulator, type StripeEmulator } from '../src/index.js';
import { Clock } from '../src/core/clock.js';
import { billingSettings, type Ctx } from '../src/core/context.js';
import { Store } from '../src/core/store.js';
import { EventBus } from '../src/events/emit.js';

/**
 * Requests the SDK's types would not let through get Stripe's 400 before anything happens, so
 * code that runs against the emulator does not meet its first `parameter_unknown` on Stripe.
 * The SDK's rawRequest sends what its typed methods would refuse to compile.
 */
let emulator: StripeEmulator;
let stripe: Stripe;

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  stripe = new Stripe('sk_test_params', { ...emulator.stripeConfig, maxNetworkRetries: 0 });
});
afterAll(async () => emulator.stop());

async function refusal(method: 'GET' | 'POST' | 'DELETE', path: string, params: Record<string, unknown>): Promise<Stripe.errors.StripeError> {
  try {
    // rawRequest takes parameters only on POST; reads carry them in the query string.
    if (method === 'POST') await stripe.rawRequest(method, path, params);
    else await stripe.rawRequest(method, `${path}?${formEncode(params)}`);
  } catch (err) {
    if (err instanceof Stripe.errors.StripeError) return err;
    throw err;
  }
  throw new Error(`${method} ${path} was accepted`);
}

/** Stripe's bracket notation, as the SDK writes it. */
function formEncode(params: Record<string, unknown>, prefix = ''): string {
  return Object.entries(params)
    .map(([key, value]) => {
      const name = prefix ? `${prefix}[${key}]` : key;
      if (value !== null && typeof value === 'object') return formEncode(Object.fromEntries(Object.entries(value)), name);
      return `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`;
    })
    .join('&');
}

describe('unknown parameters', () => {
  it('a top-level unknown parameter is parameter_unknown naming it, and creates nothing', async () => {
    const before = (await stripe.customers.list({ limit: 100 })).data.length;
    const err = await refusal('POST', '/v1/customers', { email: 'a@example.com', colour: 'blue' });
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', code: 'parameter_unknown', param: 'colour' });
    expect(err.message).toBe('Received unknown parameter: colour');
    expect((await stripe.customers.list({ limit: 100 })).data.length).toBe(before);
  });

  it('nested unknown parameters are named in bracket form', async () => {
    const product = await stripe.products.create({ name: 'Nested' });
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 500, recurring: { interval: 'month' } });
    const customer = await stripe.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const items = await refusal('POST', '/v1/subscriptions', { customer: customer.id, items: [{ price: price.id, foo: 'x' }] });
    expect(items).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'items[0][foo]' });
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(0);

    const recurring = await refusal('POST', '/v1/prices', { product: product.id, currency: 'usd', unit_amount: 1, recurring: { interval: 'month', every: 2 } });
    expect(recurring).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'recurring[every]' });
    const checkout = await refusal('POST', '/v1/checkout/sessions', {
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://app.example/s',
      subscription_data: { add_invoice_items: [{ price: price.id }] },
    });
    expect(checkout).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'subscription_data[add_invoice_items]' });
  });

  it('query parameters of reads and lists are checked too', async () => {
    await expect(refusal('GET', '/v1/customers', { emali: 'a@example.com' })).resolves.toMatchObject({ statusCode: 400, param: 'emali' });
    const customer = await stripe.customers.create({});
    await expect(refusal('GET', `/v1/customers/${customer.id}`, { include: 'everything' })).resolves.toMatchObject({ statusCode: 400, param: 'include' });
    await expect(refusal('DELETE', `/v1/customers/${customer.id}`, { force: 'true' })).resolves.toMatchObject({ statusCode: 400, param: 'force' });
    expect((await stripe.customers.retrieve(customer.id)).deleted).toBeUndefined();
  });

  it('a parameter of an older API version is unknown in this one', async () => {
    const customer = await stripe.customers.create({});
    // `invoices.list({ subscription })` still exists; `invoice.subscription` as a create-preview
    // field does not, and neither does Checkout's pre-2022 `payment_method_types` on portal sessions.
    await expect(refusal('POST', '/v1/billing_portal/sessions', { customer: customer.id, payment_method_types: ['card'] })).resolves.toMatchObject({
      statusCode: 400,
      code: 'parameter_unknown',
      param: 'payment_method_types',
    });
  });

  it('expanding a field the object does not have is a 400 on expand', async () => {
    const customer = await stripe.customers.create({});
    await expect(stripe.customers.retrieve(customer.id, { expand: ['no_such_field'] })).rejects.toMatchObject({ statusCode: 400, param: 'expand' });
  });
});

describe('wrong types', () => {
  it('a non-integer where an integer goes', async () => {
    const product = await stripe.products.create({ name: 'Typed' });
    const err = await refusal('POST', '/v1/prices', { product: product.id, currency: 'usd', unit_amount: 'abc' });
    expect(err).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param: 'unit_amount' });
    expect(err.message).toBe('Invalid integer: abc');
    expect((await stripe.prices.list({ product: product.id })).data).toHaveLength(0);
    await expect(refusal('GET', '/v1/customers', { limit: 'ten' })).resolves.toMatchObject({ statusCode: 400, param: 'limit' });
    await expect(refusal('POST', '/v1/prices', { product: product.id, currency: 'usd', unit_amount_decimal: '12.5x' })).resolves.toMatchObject({
      statusCode: 400,
      param: 'unit_amount_decimal',
      message: 'Invalid decimal: 12.5x',
    });
    const decimal = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount_decimal: Stripe.Decimal.from('1250.5') });
    expect(decimal.unit_amount_decimal?.toString()).toBe('1250.5');
    // Integers are integers: a fraction of a cent is refused, as Stripe refuses it.
    await expect(refusal('POST', '/v1/prices', { product: product.id, currency: 'usd', unit_amount: '10.5' })).resolves.toMatchObject({
      statusCode: 400,
      param: 'unit_amount',
      code: 'parameter_invalid_integer',
    });
  });

  it('a non-boolean, a value outside an enum, a scalar where an object or array goes', async () => {
    await expect(refusal('POST', '/v1/products', { name: 'B', active: 'yes' })).resolves.toMatchObject({ statusCode: 400, param: 'active', message: 'Invalid boolean: yes' });
    const product = await stripe.products.create({ name: 'E' });
    await expect(refusal('POST', '/v1/prices', { product: product.id, currency: 'usd', unit_amount: 1, recurring: { interval: 'fortnight' } })).resolves.toMatchObject({
      statusCode: 400,
      param: 'recurring[interval]',
    });
    await expect(refusal('POST', '/v1/customers', { metadata: 'flat' })).resolves.toMatchObject({ statusCode: 400, param: 'metadata' });
    await expect(refusal('POST', '/v1/customers', { invoice_settings: 'pm_card_visa' })).resolves.toMatchObject({ statusCode: 400, param: 'invoice_settings' });
    await expect(refusal('POST', '/v1/customers', { preferred_locales: 'en' })).resolves.toMatchObject({ statusCode: 400, param: 'preferred_locales' });
    await expect(refusal('GET', '/v1/invoices', { created: { gt: 1, after: 2 } })).resolves.toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'created[after]' });
  });

  it('accepts what the SDK types accept: unions, ranges, empty strings that unset, metadata', async () => {
    const customer = await stripe.customers.create({ email: 'u@example.com', metadata: { a: '1' }, preferred_locales: ['en'] });
    await stripe.customers.update(customer.id, { metadata: '', description: '' });
    await stripe.invoices.list({ created: { gte: 0 } });
    await stripe.invoices.list({ created: 0 });
    const product = await stripe.products.create({ name: 'Trial' });
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 700, recurring: { interval: 'month' } });
    const withPm = await stripe.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const sub = await stripe.subscriptions.create({ customer: withPm.id, items: [{ price: price.id }], trial_end: 'now' });
    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true, metadata: { k: 'v' } });
    await expect(refusal('POST', `/v1/subscriptions/${sub.id}`, { trial_end: 'soon' })).resolves.toMatchObject({ statusCode: 400, param: 'trial_end' });
  });
});

describe('the parameter specs', () => {
  it('every served endpoint has the SDK parameter type it takes', () => {
    const endpoints = apiRouter(stubCtx()).endpoints();
    const missing = endpoints.filter((e) => !(e in PARAM_SPECS));
    expect(missing).toEqual([]);
    expect(Object.keys(ENDPOINT_PARAM_TYPES).sort()).toEqual([...endpoints].sort());
  });
});

/** A context of its own, only for registering the routes. */
function stubCtx(): Ctx {
  const store = new Store();
  return { store, settings: billingSettings(), clock: new Clock(store), events: new EventBus(store, () => 0), publicUrl: () => '', changed: () => undefined };
}
