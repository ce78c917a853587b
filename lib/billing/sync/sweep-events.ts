import 'server-only';
import type Stripe from 'stripe';
import { stripe } from '@/lib/stripe/client';
import { isResourceMissing } from '../customers';
import { claimStripeEvents, failStripeEvent, finishStripeEvent, type ClaimedEvent } from './inbox';
import { processStripeEvent, type ProcessOutcome } from './process-event';

type AttemptOutcome = ProcessOutcome | 'failed';

/** `skipped`: finished without a sync (not ours, unhandled, or gone from Stripe); see ProcessOutcome. */
type SweepResult = { claimed: number; processed: number; skipped: number; failed: number };

/**
 * Runs one claimed attempt of an event. A failure is recorded on the event (its error, and when
 * to try again) instead of thrown: the caller is the code after a webhook's response, or the
 * sweeper, and neither has anyone to answer. If even that record fails, the lease runs out and
 * the sweeper retries anyway.
 */
export async function attemptStripeEvent(event: Stripe.Event, attempts: number): Promise<AttemptOutcome> {
  try {
    return await processStripeEvent(event);
  } catch (error) {
    return recordFailure(event.id, attempts, error);
  }
}

async function recordFailure(id: string, attempts: number, error: unknown): Promise<'failed'> {
  console.error(`[entitle] Stripe event ${id}, attempt ${attempts}, failed; the sweeper retries it`, error);
  await failStripeEvent(id, attempts, error).catch((recordError: unknown) =>
    console.error(`[entitle] could not record the failure of Stripe event ${id}; it is retried when its lease ends`, recordError),
  );
  return 'failed';
}

/**
 * Processes the inbox's due events: ones whose first attempt failed or never finished (the
 * instance died, or timed out after answering), and rows recorded before the inbox existed.
 * Safe to run on many instances at once: each claim takes rows no one else holds. Claims
 * `batch` events at a time and processes them together (a customer's events share one sync),
 * until none are due, `limit` have been claimed, or `budgetMs` has passed (then the rest wait
 * for the next run).
 */
export async function sweepStripeEvents({ limit = 1000, batch = 25, budgetMs = 40_000 } = {}): Promise<SweepResult> {
  const stopClaimingAt = Date.now() + budgetMs;
  const result: SweepResult = { claimed: 0, processed: 0, skipped: 0, failed: 0 };
  while (result.claimed < limit && Date.now() < stopClaimingAt) {
    const claimed = await claimStripeEvents(Math.min(batch, limit - result.claimed));
    if (claimed.length === 0) break;
    result.claimed += claimed.length;
    const outcomes = await Promise.all(claimed.map(attemptClaimed));
    for (const outcome of outcomes) result[outcome]++;
  }
  return result;
}

async function attemptClaimed({ id, attempts, payload }: ClaimedEvent): Promise<AttemptOutcome> {
  if (payload) return attemptStripeEvent(payload, attempts);
  // Recorded before the inbox kept payloads: Stripe still has the event for 30 days.
  let event: Stripe.Event;
  try {
    event = await stripe().events.retrieve(id);
  } catch (error) {
    if (!isResourceMissing(error)) return recordFailure(id, attempts, error);
    await finishStripeEvent(id, 'event_unavailable');
    return 'skipped';
  }
  return attemptStripeEvent(event, attempts);
}
