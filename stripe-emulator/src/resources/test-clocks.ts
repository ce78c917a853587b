import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { invalidRequest, missing } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { newestFirst, paginate } from '../http/list.js';
import type { Router } from '../http/router.js';
import { advanceClock } from '../billing/scheduler.js';
import { endSubscription } from '../billing/subscriptions.js';

function getClock(ctx: Ctx, id: string): Stripe.TestHelpers.TestClock {
  const clock = ctx.store.testClocks.get(id);
  if (!clock) throw missing('test_helpers.test_clock', id);
  return clock;
}

export function registerTestClocks(router: Router, ctx: Ctx): void {
  router.post('/v1/test_helpers/test_clocks', ({ params: p }) => {
    const frozen = p.int('frozen_time');
    if (frozen === undefined) throw invalidRequest('Missing required param: frozen_time.', 'frozen_time', 'parameter_missing');
    const created = ctx.clock.emulatorNow();
    const clock: Stripe.TestHelpers.TestClock = {
      id: newId('clock'),
      object: 'test_helpers.test_clock',
      created,
      deletes_after: created + 30 * 86_400,
      frozen_time: frozen,
      livemode: false,
      name: p.string('name') || null,
      status: 'ready',
      status_details: {},
    };
    ctx.store.testClocks.set(clock.id, clock);
    ctx.events.emit('test_helpers.test_clock.created', clock, created);
    return clock;
  });

  router.get('/v1/test_helpers/test_clocks/:id', ({ pathParams }) => getClock(ctx, pathParams.id ?? ''));

  router.get('/v1/test_helpers/test_clocks', ({ params: p, path }) => paginate(newestFirst(ctx.store.testClocks), p, path));

  /**
   * Stripe advances asynchronously (status `advancing`, then `ready`); the emulator finishes
   * within the request, so the clock is already `ready` when the response arrives.
   */
  router.post('/v1/test_helpers/test_clocks/:id/advance', ({ pathParams, params: p }) => {
    const clock = getClock(ctx, pathParams.id ?? '');
    const target = p.int('frozen_time');
    if (target === undefined) throw invalidRequest('Missing required param: frozen_time.', 'frozen_time', 'parameter_missing');
    if (target < clock.frozen_time) throw invalidRequest('The frozen_time must be after the current frozen_time of the test clock.', 'frozen_time');
    clock.status = 'advancing';
    clock.status_details = { advancing: { target_frozen_time: target } };
    ctx.events.emit('test_helpers.test_clock.advancing', clock, ctx.clock.emulatorNow());
    advanceClock(ctx, clock.id, target);
    clock.status = 'ready';
    clock.status_details = {};
    ctx.events.emit('test_helpers.test_clock.ready', clock, ctx.clock.emulatorNow());
    return clock;
  });

  router.del('/v1/test_helpers/test_clocks/:id', ({ pathParams }) => {
    const clock = getClock(ctx, pathParams.id ?? '');
    // Deleting a clock deletes the customers on it and with them their subscriptions.
    for (const customer of [...ctx.store.customers.values()]) {
      if (customer.test_clock !== clock.id) continue;
      for (const sub of ctx.store.subscriptions.values()) {
        if (sub.customer === customer.id && sub.status !== 'canceled' && sub.status !== 'incomplete_expired') {
          endSubscription(ctx, sub, clock.frozen_time, 'cancellation_requested');
        }
      }
      ctx.store.customers.delete(customer.id);
      ctx.store.deletedCustomers.add(customer.id);
    }
    ctx.store.testClocks.delete(clock.id);
    ctx.events.emit('test_helpers.test_clock.deleted', clock, ctx.clock.emulatorNow());
    return { id: clock.id, object: 'test_helpers.test_clock', deleted: true };
  });
}
