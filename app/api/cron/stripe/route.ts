// GET /api/cron/stripe – Vercel Cron (vercel.json): retry the webhook inbox, reconcile customers, prune old events
import { env } from '@/lib/env';
import { reconcileStripeCustomers } from '@/lib/billing/sync/reconcile';
import { pruneStripeEvents } from '@/lib/billing/sync/inbox';
import { sweepStripeEvents } from '@/lib/billing/sync/sweep-events';
import { hasBearerToken } from '@/lib/http/bearer-token';

/** Below the inbox's lease (EVENT_LEASE_MS), like the webhook route's. */
export const maxDuration = 60;

/** Claiming stops after this, leaving the rest of `maxDuration` for the claimed events and reconciliation. */
const SWEEP_BUDGET_MS = 30_000;

export async function GET(request: Request): Promise<Response> {
  // Vercel Cron sends `Authorization: Bearer $CRON_SECRET`; anyone else could make us spend
  // Stripe's rate limit on demand.
  if (!hasBearerToken(request, env.cronSecret)) return reply({ error: 'Unauthorized' }, 401);
  try {
    const swept = await sweepStripeEvents({ budgetMs: SWEEP_BUDGET_MS });
    const reconciled = await reconcileStripeCustomers();
    const pruned = await pruneStripeEvents();
    return reply({ swept, reconciled, pruned });
  } catch (error) {
    console.error('[entitle] the Stripe cron run failed; the next run picks up where it stopped', error);
    return reply({ error: 'Cron run failed' }, 500);
  }
}

function reply(body: object, status = 200): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}
