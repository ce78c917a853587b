import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { invalidRequest, missing, missingParam } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { paginateStore, rangeFilter } from '../http/list.js';
import type { Params } from '../http/params.js';
import type { Router } from '../http/router.js';
import { endSubscription } from '../billing/subscriptions.js';
import { attachPaymentMethod, cardFromToken, isTestPaymentMethodId, paymentMethodForCustomer } from '../billing/saved-payment-methods.js';

export function getCustomer(ctx: Ctx, id: string, param?: string): Stripe.Customer {
  const customer = ctx.store.customers.get(id);
  if (!customer) throw param ? missingParam('customer', id, param) : missing('customer', id);
  return customer;
}

function invoicePrefix(): string {
  return newId('x').slice(2, 9).toUpperCase().replace(/[^A-Z0-9]/g, '0');
}

export function createCustomer(ctx: Ctx, p: Params): Stripe.Customer {
  const clockId = p.string('test_clock') || null;
  if (clockId && !ctx.store.testClocks.has(clockId)) throw missingParam('test_clock', clockId, 'test_clock');
  const invoiceSettings = p.object('invoice_settings');
  const pmParam = p.string('payment_method') || null;
  const defaultPmParam = invoiceSettings?.string('default_payment_method') || null;
  const token = p.string('source') || null;
  // A declining token fails the whole request before a customer exists, as on Stripe.
  const source = token ? cardFromToken(ctx, token) : null;
  const customer: Stripe.Customer = {
    id: newId('cus'),
    object: 'customer',
    address: null,
    balance: p.int('balance') ?? 0,
    created: ctx.clock.nowOnClock(clockId),
    currency: null,
    default_source: source?.id ?? null,
    delinquent: false,
    description: p.string('description') || null,
    discount: null,
    email: p.string('email') || null,
    invoice_prefix: invoicePrefix(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: p.metadata(),
    name: p.string('name') || null,
    next_invoice_sequence: 1,
    phone: p.string('phone') || null,
    preferred_locales: p.strings('preferred_locales') ?? [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: clockId,
  };
  ctx.store.customers.set(customer.id, customer);
  let held: Stripe.Event[];
  try {
    ({ events: held } = ctx.events.collect(() => {
      // `payment_method` is attached; a test id in both it and the default names the same method.
      const attached = pmParam ? paymentMethodForCustomer(ctx, pmParam, customer.id, 'payment_method') : null;
      if (attached && attached.customer !== customer.id) {
        if (attached.customer) throw invalidRequest('The payment method you provided has already been attached to a customer.', 'payment_method');
        attachPaymentMethod(ctx, attached, customer.id);
      }
      const defaultPm = defaultPmParam && defaultPmParam === pmParam && attached
        ? attached
        : defaultPmParam && isTestPaymentMethodId(defaultPmParam)
          ? paymentMethodForCustomer(ctx, defaultPmParam, customer.id, 'invoice_settings[default_payment_method]')
          : null;
      customer.invoice_settings.default_payment_method = defaultPm?.id ?? defaultPmParam;
    }));
  } catch (err) {
    ctx.store.customers.delete(customer.id);
    throw err;
  }
  ctx.events.emit('customer.created', customer, customer.created);
  ctx.events.publish(held);
  if (source) attachPaymentMethod(ctx, source, customer.id);
  return customer;
}

/** Applies updates and emits `customer.updated` with the previous values of changed fields. */
export function updateCustomer(ctx: Ctx, customer: Stripe.Customer, changes: Partial<Stripe.Customer>): Stripe.Customer {
  const previous: Partial<Stripe.Customer> = {};
  let changed = false;
  for (const key of Object.keys(changes) as (keyof Stripe.Customer)[]) {
    const before = JSON.stringify(customer[key] ?? null);
    const after = JSON.stringify(changes[key] ?? null);
    if (before === after) continue;
    Object.assign(previous, { [key]: customer[key] ?? null });
    changed = true;
  }
  if (!changed) return customer;
  Object.assign(customer, changes);
  if ('email' in changes) ctx.store.customers.regroup(customer.id);
  ctx.events.emit('customer.updated', customer, ctx.clock.nowFor(customer.id), previous);
  return customer;
}

export function registerCustomers(router: Router, ctx: Ctx): void {
  router.post('/v1/customers', ({ params }) => createCustomer(ctx, params));

  router.get('/v1/customers/:id', ({ pathParams, params }) => {
    const id = pathParams.id ?? '';
    if (ctx.store.deletedCustomers.has(id)) return { id, object: 'customer', deleted: true };
    const customer = getCustomer(ctx, id);
    // `subscriptions` is includable: present only when expanded, like on Stripe.
    if (!params.expand().some((e) => e === 'subscriptions' || e.startsWith('subscriptions.'))) return customer;
    const subs = ctx.store.subscriptions.valuesBy('customer', id).filter((s) => s.status !== 'canceled' && s.status !== 'incomplete_expired').reverse();
    return { ...customer, subscriptions: { object: 'list', data: subs, has_more: false, url: `/v1/customers/${id}/subscriptions` } };
  });

  router.post('/v1/customers/:id', ({ pathParams, params: p }) => {
    const customer = getCustomer(ctx, pathParams.id ?? '');
    const changes: Partial<Stripe.Customer> = {};
    if (p.has('email')) changes.email = p.string('email') || null;
    if (p.has('name')) changes.name = p.string('name') || null;
    if (p.has('description')) changes.description = p.string('description') || null;
    if (p.has('phone')) changes.phone = p.string('phone') || null;
    if (p.has('metadata')) changes.metadata = p.metadata(customer.metadata);
    const token = p.string('source') || null;
    const source = token ? cardFromToken(ctx, token) : null;
    if (source) {
      attachPaymentMethod(ctx, source, customer.id);
      changes.default_source = source.id;
    }
    const settings = p.object('invoice_settings');
    if (settings?.has('default_payment_method')) {
      const raw = settings.string('default_payment_method') || null;
      const pm = raw && isTestPaymentMethodId(raw) ? paymentMethodForCustomer(ctx, raw, customer.id, 'invoice_settings[default_payment_method]').id : raw;
      if (pm) {
        const found = ctx.store.paymentMethods.get(pm);
        if (!found || found.customer !== customer.id) {
          throw missingParam('PaymentMethod', pm, 'invoice_settings[default_payment_method]');
        }
      }
      changes.invoice_settings = { ...customer.invoice_settings, default_payment_method: pm };
    }
    return updateCustomer(ctx, customer, changes);
  });

  router.del('/v1/customers/:id', ({ pathParams }) => {
    const customer = getCustomer(ctx, pathParams.id ?? '');
    // Stripe cancels a deleted customer's subscriptions at once.
    const now = ctx.clock.nowFor(customer.id);
    for (const sub of ctx.store.subscriptions.valuesBy('customer', customer.id)) {
      if (!['canceled', 'incomplete_expired'].includes(sub.status)) {
        endSubscription(ctx, sub, now, 'cancellation_requested');
      }
    }
    ctx.store.customers.delete(customer.id);
    ctx.store.deletedCustomers.add(customer.id);
    ctx.events.emit('customer.deleted', customer, ctx.clock.emulatorNow());
    return { id: customer.id, object: 'customer', deleted: true };
  });

  router.get('/v1/customers', ({ params: p, path }) => {
    const email = p.string('email');
    const clock = p.string('test_clock');
    const created = rangeFilter(p, 'created');
    const keep = (c: Stripe.Customer): boolean => (!email || c.email === email) && (!clock || c.test_clock === clock) && created(c.created);
    return paginateStore(ctx.store.customers, keep, p, path, email ? { group: 'email', key: email } : undefined);
  });
}
