import type { Ctx } from '../core/context.js';
import { missing } from '../core/errors.js';
import { paginate } from '../http/list.js';
import type { Router } from '../http/router.js';
import { activeEntitlements } from '../billing/entitlements.js';
import { getCustomer } from './customers.js';

export function registerActiveEntitlements(router: Router, ctx: Ctx): void {
  router.get('/v1/entitlements/active_entitlements', ({ params: p, path }) => {
    const customer = getCustomer(ctx, p.requiredString('customer'), 'customer');
    return paginate(activeEntitlements(ctx, customer.id), p, path);
  });

  router.get('/v1/entitlements/active_entitlements/:id', ({ pathParams }) => {
    const id = pathParams.id ?? '';
    for (const [key, entId] of ctx.store.entitlementIds) {
      if (entId !== id) continue;
      const customerId = key.split('|')[0] ?? '';
      const found = activeEntitlements(ctx, customerId).find((e) => e.id === id);
      if (found) return found;
    }
    throw missing('active_entitlement', id);
  });
}
