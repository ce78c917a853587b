import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { invalidRequest, missing, missingParam } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { newestFirst, paginate } from '../http/list.js';
import type { Params } from '../http/params.js';
import type { Router } from '../http/router.js';
import { getCustomer } from './customers.js';

type Features = Stripe.BillingPortal.Configuration.Features;

function features(p: Params | undefined, current?: Features): Features {
  const update = p?.object('subscription_update');
  const cancel = p?.object('subscription_cancel');
  const invoices = p?.object('invoice_history');
  const pmUpdate = p?.object('payment_method_update');
  const custUpdate = p?.object('customer_update');
  const pause = p?.object('subscription_pause');
  const base: Features = current ?? {
    customer_update: { allowed_updates: [], enabled: false },
    invoice_history: { enabled: false },
    payment_method_update: { enabled: false, payment_method_configuration: null },
    subscription_cancel: {
      cancellation_reason: { enabled: false, feedback_options: null, options: [] },
      enabled: false,
      mode: 'at_period_end',
      proration_behavior: 'none',
    },
    subscription_pause: { duration: { interval_options: [], type: 'indefinite' }, enabled: false },
    subscription_update: {
      billing_cycle_anchor: null,
      default_allowed_updates: [],
      enabled: false,
      products: [],
      proration_behavior: 'none',
      schedule_at_period_end: { conditions: [] },
      trial_update_behavior: 'end_trial',
    },
  };
  return {
    customer_update: custUpdate
      ? { enabled: custUpdate.bool('enabled') ?? false, allowed_updates: custUpdate.strings('allowed_updates') ?? [] }
      : base.customer_update,
    invoice_history: invoices ? { enabled: invoices.bool('enabled') ?? false } : base.invoice_history,
    payment_method_update: pmUpdate ? { enabled: pmUpdate.bool('enabled') ?? false, payment_method_configuration: null } : base.payment_method_update,
    subscription_cancel: cancel
      ? {
          ...base.subscription_cancel,
          enabled: cancel.bool('enabled') ?? false,
          mode: cancel.enumOf('mode', ['at_period_end', 'immediately'] as const) ?? base.subscription_cancel.mode,
          proration_behavior: cancel.enumOf('proration_behavior', ['always_invoice', 'create_prorations', 'none'] as const) ?? base.subscription_cancel.proration_behavior,
        }
      : base.subscription_cancel,
    subscription_pause: pause ? { ...base.subscription_pause, enabled: pause.bool('enabled') ?? false } : base.subscription_pause,
    subscription_update: update
      ? {
          ...base.subscription_update,
          enabled: update.bool('enabled') ?? false,
          default_allowed_updates: update.strings('default_allowed_updates') ?? base.subscription_update.default_allowed_updates,
          proration_behavior: update.enumOf('proration_behavior', ['always_invoice', 'create_prorations', 'none'] as const) ?? base.subscription_update.proration_behavior,
          products: update.has('products')
            ? update.objects('products').map((prod) => ({ product: prod.requiredString('product'), prices: prod.strings('prices') ?? [], adjustable_quantity: { enabled: false, maximum: null, minimum: 1 } }))
            : (base.subscription_update.products ?? []),
        }
      : base.subscription_update,
  };
}

export function getPortalConfiguration(ctx: Ctx, id: string, param?: string): Stripe.BillingPortal.Configuration {
  const config = ctx.store.portalConfigurations.get(id);
  if (!config) throw param ? missingParam('configuration', id, param) : missing('configuration', id);
  return config;
}

/**
 * The configuration Stripe makes when an account's customer portal settings are saved in the
 * Dashboard: invoice history, payment method and customer detail updates, cancellation at period
 * end; no plan switching (that needs products chosen). The API never makes a default one.
 */
function savedDefaultConfiguration(ctx: Ctx): Stripe.BillingPortal.Configuration {
  const now = ctx.clock.emulatorNow();
  const base = features(undefined);
  const config: Stripe.BillingPortal.Configuration = {
    id: newId('bpc'),
    object: 'billing_portal.configuration',
    active: true,
    application: null,
    business_profile: { headline: null, privacy_policy_url: null, terms_of_service_url: null },
    created: now,
    default_return_url: null,
    features: {
      ...base,
      customer_update: { allowed_updates: ['email', 'address'], enabled: true },
      invoice_history: { enabled: true },
      payment_method_update: { enabled: true, payment_method_configuration: null },
      subscription_cancel: { ...base.subscription_cancel, enabled: true, mode: 'at_period_end' },
    },
    is_default: true,
    livemode: false,
    login_page: { enabled: false, url: null },
    metadata: {},
    name: null,
    updated: now,
  };
  ctx.store.portalConfigurations.set(config.id, config);
  return config;
}

function defaultConfiguration(ctx: Ctx): Stripe.BillingPortal.Configuration {
  const existing = [...ctx.store.portalConfigurations.values()].find((c) => c.is_default);
  if (existing) return existing;
  // Saved settings are the emulator's default: made the first time they are needed, so an
  // emulator that never opens a portal without a configuration lists only what the API made.
  if (ctx.settings.portalDefaultConfiguration === 'saved') return savedDefaultConfiguration(ctx);
  throw invalidRequest(
    'No configuration provided and your test mode default configuration has not been created. Provide a configuration or create your default by saving your customer portal settings in test mode at https://dashboard.stripe.com/test/settings/billing/portal.',
  );
}

export function registerBillingPortal(router: Router, ctx: Ctx): void {
  router.post('/v1/billing_portal/configurations', ({ params: p }) => {
    const now = ctx.clock.emulatorNow();
    const business = p.object('business_profile');
    const config: Stripe.BillingPortal.Configuration = {
      id: newId('bpc'),
      object: 'billing_portal.configuration',
      active: true,
      application: null,
      business_profile: {
        headline: business?.string('headline') ?? null,
        privacy_policy_url: business?.string('privacy_policy_url') ?? null,
        terms_of_service_url: business?.string('terms_of_service_url') ?? null,
      },
      created: now,
      default_return_url: p.string('default_return_url') || null,
      features: features(p.object('features')),
      // Only the Dashboard's saved settings make a default configuration; the API never does.
      is_default: false,
      livemode: false,
      login_page: { enabled: false, url: null },
      metadata: p.metadata(),
      name: p.string('name') || null,
      updated: now,
    };
    ctx.store.portalConfigurations.set(config.id, config);
    ctx.events.emit('billing_portal.configuration.created', config, now);
    return config;
  });

  router.get('/v1/billing_portal/configurations/:id', ({ pathParams }) => getPortalConfiguration(ctx, pathParams.id ?? ''));

  router.post('/v1/billing_portal/configurations/:id', ({ pathParams, params: p }) => {
    const config = getPortalConfiguration(ctx, pathParams.id ?? '');
    const previous: Partial<Stripe.BillingPortal.Configuration> = {};
    if (p.has('features')) {
      previous.features = config.features;
      config.features = features(p.object('features'), config.features);
    }
    if (p.has('active')) {
      previous.active = config.active;
      config.active = p.bool('active') ?? config.active;
    }
    if (p.has('default_return_url')) config.default_return_url = p.string('default_return_url') || null;
    if (p.has('metadata')) config.metadata = p.metadata(config.metadata ?? {});
    if (p.has('name')) config.name = p.string('name') || null;
    config.updated = ctx.clock.emulatorNow();
    ctx.events.emit('billing_portal.configuration.updated', config, config.updated, previous);
    return config;
  });

  router.get('/v1/billing_portal/configurations', ({ params: p, path }) => {
    const active = p.bool('active');
    const isDefault = p.bool('is_default');
    const items = newestFirst(ctx.store.portalConfigurations).filter(
      (c) => (active === undefined || c.active === active) && (isDefault === undefined || c.is_default === isDefault),
    );
    return paginate(items, p, path);
  });

  router.post('/v1/billing_portal/sessions', ({ params: p }) => {
    const customer = getCustomer(ctx, p.requiredString('customer'), 'customer');
    const configId = p.string('configuration');
    const config = configId ? getPortalConfiguration(ctx, configId, 'configuration') : defaultConfiguration(ctx);
    if (!config.active) throw invalidRequest('The configuration is inactive.', 'configuration');
    const returnUrl = p.string('return_url') || config.default_return_url;
    const id = newId('bps');
    const session: Stripe.BillingPortal.Session = {
      id,
      object: 'billing_portal.session',
      configuration: config.id,
      created: ctx.clock.nowFor(customer.id),
      customer: customer.id,
      customer_account: null,
      flow: null,
      livemode: false,
      locale: p.string('locale') || null,
      on_behalf_of: null,
      return_url: returnUrl,
      url: `${ctx.publicUrl()}/p/session/${id}`,
    };
    ctx.store.portalSessions.set(id, session);
    ctx.events.emit('billing_portal.session.created', session, session.created);
    return session;
  });
}
