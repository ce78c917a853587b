// POST /api/stripe/webhook – Stripe events: verify, record once, sync the customer from Stripe
import type Stripe from 'stripe';
import { env } from '@/lib/env';
import { stripe } from '@/lib/stripe/client';
import { processStripeEvent } from '@/lib/billing/webhooks/process-event';

export async function POST(request: Request): Promise<Response> {
  const signature = request.headers.get('stripe-signature');
  const secret = env.stripe.webhookSecret;
  if (!secret) return Response.json({ error: 'STRIPE_WEBHOOK_SECRET is not set' }, { status: 500 });
  if (!signature) return Response.json({ error: 'Missing Stripe-Signature header' }, { status: 400 });

  // The signature covers the exact bytes Stripe sent, so verify the raw text before any parsing.
  const payload = await request.text();
  let event: Stripe.Event;
  try {
    event = stripe().webhooks.constructEvent(payload, signature, secret);
  } catch {
    return Response.json({ error: 'Invalid signature' }, { status: 400 });
  }

  try {
    const outcome = await processStripeEvent(event);
    // Unknown event types get 200 too: a 4xx would make Stripe disable the endpoint.
    return Response.json({ received: true, outcome });
  } catch (error) {
    console.error(`[entitle] webhook ${event.id} (${event.type}) failed; Stripe will retry`, error);
    return Response.json({ error: 'Processing failed' }, { status: 500 });
  }
}
