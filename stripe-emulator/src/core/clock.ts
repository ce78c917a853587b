import type { Store } from './store.js';

/**
 * Two kinds of time: the emulator clock (wall clock plus an offset that only moves forward)
 * for objects not on a test clock, and each test clock's frozen time for the rest.
 */
export class Clock {
  constructor(private readonly store: Store) {}

  emulatorNow(): number {
    return Math.floor(Date.now() / 1000) + this.store.clockOffset;
  }

  clockIdOfCustomer(customerId: string | null | undefined): string | null {
    if (!customerId) return null;
    const clock = this.store.customers.get(customerId)?.test_clock;
    if (!clock) return null;
    return typeof clock === 'string' ? clock : clock.id;
  }

  nowOnClock(clockId: string | null): number {
    if (clockId) {
      const clock = this.store.testClocks.get(clockId);
      if (clock) return clock.frozen_time;
    }
    return this.emulatorNow();
  }

  nowFor(customerId: string | null | undefined): number {
    return this.nowOnClock(this.clockIdOfCustomer(customerId));
  }
}
