// POST /api/stripe/webhook – Stripe events: verify, store in the inbox, answer, then sync the customer
import { after } from 'next/server';
import type Stripe from 'stripe';
import { env } from '@/lib/env';
import { stripe } from '@/lib/stripe/client';
import { storeStripeEvent } from '@/lib/billing/sync/inbox';
import { attemptStripeEvent } from '@/lib/billing/sync/sweep-events';
import { payloadTooLarge, readBodyWithLimit } from '@/lib/http/read-body';

/**
 * How long the function may run on Vercel, the work after the response included. A sync takes
 * well under a second; this leaves room for Stripe's retries and stays below the inbox's lease
 * (EVENT_LEASE_MS), so the sweeper never takes an event from an attempt that is still running.
 */
export const maxDuration = 60;

/**
 * Stripe's events are a few kilobytes: the object plus `previous_attributes`, with lists such as an
 * invoice's lines cut to their first page and metadata capped at 50 keys of 500 characters. 1 MiB
 * leaves two orders of magnitude of headroom, so no real event is refused (a refusal would make
 * Stripe retry it for days), while a forged upload costs at most 1 MiB of memory.
 */
const WEBHOOK_MAX_BODY_BYTES = 1024 * 1024;

export async function POST(request: Request): Promise<Response> {
  const signature = request.headers.get('stripe-signature');
  const secret = env.stripe.webhookSecret;
  if (!secret) return reply({ error: 'STRIPE_WEBHOOK_SECRET is not set' }, 500);
  if (!signature) return reply({ error: 'Missing Stripe-Signature header' }, 400);

  // The signature covers the exact bytes Stripe sent, so verify the raw text before any parsing.
  const body = await readBodyWithLimit(request, WEBHOOK_MAX_BODY_BYTES);
  if (!body.ok) return payloadTooLarge(WEBHOOK_MAX_BODY_BYTES);
  const payload = new TextDecoder().decode(body.bytes);
  let event: Stripe.Event;
  try {
    event = stripe().webhooks.constructEvent(payload, signature, secret);
  } catch {
    return reply({ error: 'Invalid signature' }, 400);
  }

  // Stripe wants a quick 2xx, so the answer waits only for the event to be stored: once it is,
  // nothing is lost, whatever becomes of this instance. Unknown event types get 200 too (a 4xx
  // would make Stripe disable the endpoint) and are recorded as skipped.
  let attempt: number | null;
  try {
    attempt = await storeStripeEvent(event);
  } catch (error) {
    console.error(`[entitle] webhook ${event.id} (${event.type}) could not be stored; Stripe will retry`, error);
    return reply({ error: 'Could not store the event' }, 500);
  }
  // Null: processed already, or another attempt holds it. On Vercel, after() keeps the function
  // alive for this (waitUntil); if it dies anyway, the sweeper takes the event once the lease ends.
  if (attempt !== null) {
    const claimed = attempt;
    after(() => attemptStripeEvent(event, claimed));
  }
  return reply({ received: true });
}

/**
 * A JSON answer that Stripe shows in the endpoint's delivery log. `no-transform` keeps Next.js's
 * response compression away from it: gzipping a 40-byte body cost more CPU than the rest of the
 * response (measured by `npm run bench:webhooks -- --profile`).
 */
function reply(body: object, status = 200): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store, no-transform' } });
}
