import 'server-only';
import Stripe from 'stripe';
import type { Locale } from '@/lib/i18n/locales';
import { stripe } from '@/lib/stripe/client';
import { getPricedPlans } from './catalog';
import { ensureStripeCustomer, findStripeCustomerId } from './customers';
import { syncStripeCustomer } from './sync/sync-customer';

const CONFIGURATION_TAG = 'entitle-portal-v1';

/** The portal configuration this app made (switch between plans, cancel at period end), made if missing. */
async function ensurePortalConfiguration(idempotencyKey: string): Promise<string> {
  const existing = await stripe()
    .billingPortal.configurations.list({ active: true, limit: 100 })
    .autoPagingToArray({ limit: 1000 });
  const ours = existing.find((c) => c.metadata?.app === CONFIGURATION_TAG);
  if (ours) return ours.id;

  const products = new Map<string, string[]>();
  for (const plan of await getPricedPlans()) products.set(plan.productId, [...(products.get(plan.productId) ?? []), plan.priceId]);
  const params: Stripe.BillingPortal.ConfigurationCreateParams = {
    metadata: { app: CONFIGURATION_TAG },
    features: {
      customer_update: { enabled: true, allowed_updates: ['email', 'name', 'address'] },
      invoice_history: { enabled: true },
      payment_method_update: { enabled: true },
      subscription_cancel: { enabled: true, mode: 'at_period_end' },
      subscription_update: {
        enabled: true,
        default_allowed_updates: ['price'],
        proration_behavior: 'always_invoice',
        products: [...products].map(([product, ids]) => ({ product, prices: ids })),
      },
    },
  };
  const created = await stripe().billingPortal.configurations.create(params, { idempotencyKey });
  return created.id;
}

// Found (or made) once per process rather than listed on every "Manage billing" click. A memo
// rather than `'use cache'` for the reason in catalog.ts; a configuration refused later is looked
// up again below, so a stale one costs one retry.
let cachedConfiguration: Promise<string> | undefined;
function portalConfiguration(idempotencyKey = CONFIGURATION_TAG): Promise<string> {
  cachedConfiguration ??= ensurePortalConfiguration(idempotencyKey).catch((error: unknown) => {
    cachedConfiguration = undefined;
    throw error;
  });
  return cachedConfiguration;
}

/**
 * A customer portal session for the user's own customer, returning to `returnUrl`, in `locale`
 * (the language the user reads the app in; without it, Stripe follows the browser's).
 */
export async function createPortalSession(userId: string, returnUrl: string, locale?: Locale): Promise<string> {
  const [customer, configuration] = await Promise.all([ensureStripeCustomer(userId), portalConfiguration()]);
  const open = (id: string) =>
    stripe().billingPortal.sessions.create({ customer, configuration: id, return_url: returnUrl, ...(locale ? { locale } : {}) });
  try {
    return (await open(configuration)).url;
  } catch (error) {
    // The remembered configuration was refused (deactivated in the Dashboard, say): look again,
    // making a new one under a new idempotency key (the first key would replay the old one).
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError) || error.param !== 'configuration') throw error;
    if (cachedConfiguration && (await cachedConfiguration.catch(() => null)) === configuration) cachedConfiguration = undefined;
    return (await open(await portalConfiguration(`${CONFIGURATION_TAG}-${Date.now()}`))).url;
  }
}

/**
 * Back from the portal: what the user did there (cancel, switch, new card) is read from Stripe
 * now, as the checkout return page does, so the billing page shows it whatever webhooks are still
 * on their way. Coalesced with any sync already running for the customer. False when Stripe could
 * not be read.
 */
export async function refreshAfterPortal(userId: string): Promise<boolean> {
  const customerId = await findStripeCustomerId(userId);
  if (!customerId) return true;
  try {
    await syncStripeCustomer(customerId);
    return true;
  } catch (error) {
    // The page still shows what we have; the webhooks bring the rest.
    console.error('[entitle] could not read billing from Stripe after the portal', error);
    return false;
  }
}
