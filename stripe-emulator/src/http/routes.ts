import type { Ctx } from '../core/context.js';
import { registerActiveEntitlements } from '../resources/active-entitlements.js';
import { registerBillingPortal } from '../resources/billing-portal.js';
import { registerCheckoutSessions } from '../resources/checkout-sessions.js';
import { registerCustomers } from '../resources/customers.js';
import { registerEvents } from '../resources/events.js';
import { registerFeatures } from '../resources/features.js';
import { registerInvoiceItems } from '../resources/invoice-items.js';
import { registerInvoices } from '../resources/invoices.js';
import { registerPaymentMethods } from '../resources/payment-methods.js';
import { registerPlans } from '../resources/plans.js';
import { registerPrices } from '../resources/prices.js';
import { registerProducts } from '../resources/products.js';
import { registerRefunds } from '../resources/refunds.js';
import { registerSubscriptions } from '../resources/subscriptions.js';
import { registerTestClocks } from '../resources/test-clocks.js';
import { Router } from './router.js';

export function apiRouter(ctx: Ctx): Router {
  const router = new Router();
  registerCustomers(router, ctx);
  registerProducts(router, ctx);
  registerPrices(router, ctx);
  registerPlans(router, ctx);
  registerFeatures(router, ctx);
  registerActiveEntitlements(router, ctx);
  registerPaymentMethods(router, ctx);
  registerCheckoutSessions(router, ctx);
  registerSubscriptions(router, ctx);
  registerInvoices(router, ctx);
  registerInvoiceItems(router, ctx);
  registerRefunds(router, ctx);
  registerBillingPortal(router, ctx);
  registerEvents(router, ctx);
  registerTestClocks(router, ctx);
  return router;
}
