import { readFileSync } from 'node:fs';
import path from 'node:path';
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { customerOfEvent, HANDLED_EVENT_TYPES } from '@/lib/billing/sync/handled-events';

// The README tells operators which events to enable on their Stripe endpoint. An event the app
// handles but the endpoint does not send is silently never processed, so the list there must be
// exactly the route's table.

function readmeEventList(): string[] {
  const readme = readFileSync(path.join(process.cwd(), 'README.md'), 'utf8');
  const block = /<!-- handled-events:start -->([\s\S]*?)<!-- handled-events:end -->/.exec(readme)?.[1];
  if (!block) throw new Error('README.md has no handled-events block');
  return block
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^[a-z_]+(\.[a-z_]+)+$/.test(line));
}

describe("the README's Stripe endpoint setup", () => {
  it('lists exactly the event types the webhook route handles', () => {
    const listed = readmeEventList();
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...HANDLED_EVENT_TYPES].sort());
  });
});

describe('the handled-event table', () => {
  it("is what processing dispatches on: each listed type yields its event's customer", () => {
    for (const type of HANDLED_EVENT_TYPES) {
      // The customer where each type carries it: the object itself for customer.*, else its `customer`.
      const event: Stripe.Event = JSON.parse(JSON.stringify({ id: `evt_${type}`, type, data: { object: { id: type === 'customer.updated' ? 'cus_table' : 'obj_1', customer: 'cus_table' } } }));
      expect([type, customerOfEvent(event)]).toEqual([type, 'cus_table']);
    }
    const unlisted: Stripe.Event = JSON.parse(JSON.stringify({ id: 'evt_unlisted', type: 'charge.refunded', data: { object: { id: 'ch_1', customer: 'cus_table' } } }));
    expect(customerOfEvent(unlisted)).toBeNull();
  });
});
