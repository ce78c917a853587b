import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { POST } from '@/app/api/stripe/webhook/route';
import { getDb } from '@/db/client';
import { billingCustomers, stripeEvents } from '@/db/schema';
import { EMULATOR_WEBHOOK_SECRET } from '@/lib/stripe/emulator-defaults';
import { createTestUser, testStripe } from '../support/billing-harness';

const { emulator } = await vi.hoisted(() => import('../support/billing-harness').then((m) => m.startBillingEmulator()));
beforeAll(() => () => emulator.stop());

function eventPayload(id: string, type: string, object: Record<string, unknown>): string {
  return JSON.stringify({ id, object: 'event', type, api_version: '2026-10-28.endive', created: 1_790_000_000, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object } });
}

async function post(payload: string, signature: string | null): Promise<Response> {
  const headers = new Headers({ 'content-type': 'application/json' });
  if (signature !== null) headers.set('stripe-signature', signature);
  return POST(new Request('http://localhost:3000/api/stripe/webhook', { method: 'POST', headers, body: payload }));
}

async function signed(payload: string, secret = EMULATOR_WEBHOOK_SECRET): Promise<string> {
  return (await testStripe()).webhooks.generateTestHeaderString({ payload, secret });
}

async function eventRow(id: string) {
  return getDb().query.stripeEvents.findFirst({ where: eq(stripeEvents.id, id) });
}

describe('POST /api/stripe/webhook', () => {
  it('answers 400 to a bad signature and writes nothing', async () => {
    const payload = eventPayload('evt_badsig', 'customer.updated', { id: 'cus_x', object: 'customer' });
    const response = await post(payload, await signed(payload, 'whsec_not_the_secret'));
    expect(response.status).toBe(400);
    expect(await eventRow('evt_badsig')).toBeUndefined();
  });

  it('answers 400 to a missing signature and to a tampered body', async () => {
    const payload = eventPayload('evt_tamper', 'customer.updated', { id: 'cus_x', object: 'customer' });
    expect((await post(payload, null)).status).toBe(400);
    const signature = await signed(payload);
    expect((await post(payload.replace('cus_x', 'cus_y'), signature)).status).toBe(400);
    expect(await eventRow('evt_tamper')).toBeUndefined();
  });

  it('acknowledges an unknown event type with 200 and records it', async () => {
    const payload = eventPayload('evt_unknown', 'charge.dispute.created', { id: 'dp_1', object: 'dispute' });
    const response = await post(payload, await signed(payload));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ outcome: 'ignored' });
    expect((await eventRow('evt_unknown'))?.processedAt).toBeInstanceOf(Date);
  });

  it('processes an event id once: the second delivery is a duplicate', async () => {
    const userId = await createTestUser('dup@example.com');
    const customer = await (await testStripe()).customers.create({ email: 'dup@example.com', metadata: { userId } });
    const payload = eventPayload('evt_dup', 'customer.updated', { id: customer.id, object: 'customer' });
    const first = await post(payload, await signed(payload));
    const second = await post(payload, await signed(payload));
    expect(await first.json()).toMatchObject({ outcome: 'processed' });
    expect(await second.json()).toMatchObject({ outcome: 'duplicate' });
    expect(await getDb().query.billingCustomers.findFirst({ where: eq(billingCustomers.userId, userId) })).toMatchObject({
      stripeCustomerId: customer.id,
    });
  });

  it('answers 500 when the sync fails and leaves the event unprocessed, so Stripe retries', async () => {
    const userId = await createTestUser('broken@example.com');
    // Our row points at a customer Stripe does not know: the sync's fetch fails.
    await getDb().insert(billingCustomers).values({ userId, stripeCustomerId: 'cus_gone' });
    const payload = eventPayload('evt_fail', 'customer.subscription.updated', { id: 'sub_x', object: 'subscription', customer: 'cus_gone' });
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await post(payload, await signed(payload));
    spy.mockRestore();
    expect(response.status).toBe(500);
    const row = await eventRow('evt_fail');
    expect(row?.processedAt).toBeNull();
  });
});
