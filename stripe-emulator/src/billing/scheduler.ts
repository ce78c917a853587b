import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import type { PendingSettlement } from '../core/store.js';
import { expireSession } from '../resources/checkout-sessions.js';
import { expireIncomplete, endTrial, renew, retryLatestInvoice } from './cycle.js';
import { emitIfChanged, entitlementFingerprint } from './entitlements.js';
import { previewPlanChange } from './plan-preview.js';
import { customerIdOf, failPaymentIntent, invoiceOfPaymentIntent, markInvoicePaid, succeedPaymentIntent } from './payments.js';
import { customerOf, DAY, periodOf, updateSubscription } from './subscription-events.js';
import { applyPaymentOutcome, endSubscription } from './subscriptions.js';

interface Due {
  at: number;
  /** Tie-break inside one second: cancellation before renewal, like Stripe. */
  rank: number;
  run: (now: number) => void;
}

const INCOMPLETE_EXPIRY = 23 * 3600;

function subscriptionActions(ctx: Ctx, sub: Stripe.Subscription): Due[] {
  const state = ctx.store.subState(sub.id);
  const out: Due[] = [];
  if (sub.status === 'trialing' && sub.trial_end) {
    if (!state.trialWillEndSent) {
      out.push({
        at: Math.max(sub.trial_end - 3 * DAY, sub.created),
        rank: 0,
        run: (now) => {
          state.trialWillEndSent = true;
          ctx.events.emit('customer.subscription.trial_will_end', sub, now);
        },
      });
    }
    // The invoice at the trial's end is charged automatically, so Stripe gives notice of it too.
    const notice = sub.trial_end - ctx.settings.upcomingRenewalDays * DAY;
    if (ctx.settings.upcomingRenewalDays > 0 && notice > sub.created && (sub.cancel_at === null || sub.cancel_at > sub.trial_end) && (state.upcomingSentFor ?? null) !== sub.trial_end) {
      const trialEnd = sub.trial_end;
      out.push({
        at: notice,
        rank: 0,
        run: (now) => {
          state.upcomingSentFor = trialEnd;
          ctx.events.emit('invoice.upcoming', previewPlanChange(ctx, sub, null, now), now);
        },
      });
    }
    if (sub.cancel_at !== null && sub.cancel_at <= sub.trial_end) {
      out.push({ at: sub.cancel_at, rank: 1, run: (now) => endSubscription(ctx, sub, now, 'cancellation_requested') });
    } else {
      out.push({ at: sub.trial_end, rank: 2, run: (now) => endTrial(ctx, sub, now) });
    }
  }
  if (sub.status === 'active' || sub.status === 'past_due') {
    const { start, end } = periodOf(sub);
    // Stripe's notice of the coming renewal invoice, the account's set number of days ahead;
    // none for a subscription ending at period end, or a period shorter than the notice.
    const notice = end - ctx.settings.upcomingRenewalDays * DAY;
    if (ctx.settings.upcomingRenewalDays > 0 && notice > start && (sub.cancel_at === null || sub.cancel_at > end) && (state.upcomingSentFor ?? null) !== end) {
      out.push({
        at: notice,
        rank: 0,
        run: (now) => {
          state.upcomingSentFor = end;
          ctx.events.emit('invoice.upcoming', previewPlanChange(ctx, sub, null, now), now);
        },
      });
    }
    if (sub.cancel_at !== null) out.push({ at: sub.cancel_at, rank: 1, run: (now) => endSubscription(ctx, sub, now, 'cancellation_requested') });
    if (sub.cancel_at === null || sub.cancel_at > end) out.push({ at: end, rank: 2, run: (now) => renew(ctx, sub, now) });
    if (state.nextRetryAt !== null) out.push({ at: state.nextRetryAt, rank: 3, run: (now) => retryLatestInvoice(ctx, sub, now) });
    const resumesAt = sub.pause_collection?.resumes_at;
    if (resumesAt) out.push({ at: resumesAt, rank: 0, run: (now) => updateSubscription(ctx, sub, now, () => (sub.pause_collection = null)) });
  }
  if (sub.status === 'incomplete') {
    out.push({ at: sub.created + INCOMPLETE_EXPIRY, rank: 4, run: (now) => expireIncomplete(ctx, sub, now) });
  }
  return out;
}

export function settle(ctx: Ctx, s: PendingSettlement, now: number): void {
  ctx.store.settlements = ctx.store.settlements.filter((x) => x !== s);
  const pi = ctx.store.paymentIntents.get(s.paymentIntentId);
  const invoice = invoiceOfPaymentIntent(ctx, s.paymentIntentId);
  if (!pi || !invoice || pi.status !== 'processing') return;
  const subId = invoice.parent?.subscription_details?.subscription;
  const sub = typeof subId === 'string' ? ctx.store.subscriptions.get(subId) : undefined;
  const customerId = customerIdOf(invoice) ?? '';
  const before = entitlementFingerprint(ctx, customerId);
  const session = [...ctx.store.checkoutSessions.values()].find((cs) => cs.invoice === invoice.id || (cs.subscription === subId && cs.payment_status === 'unpaid' && cs.status === 'complete'));
  if (s.outcome === 'succeeded') {
    succeedPaymentIntent(ctx, pi, now);
    markInvoicePaid(ctx, invoice, pi, now);
    if (sub) applyPaymentOutcome(ctx, sub, invoice, { status: 'succeeded' }, now);
    if (session && session.payment_status === 'unpaid') {
      session.payment_status = 'paid';
      ctx.events.emit('checkout.session.async_payment_succeeded', session, now);
    }
  } else {
    const decline = { code: s.failureCode ?? 'generic_decline', message: s.failureMessage ?? 'The payment failed.' };
    failPaymentIntent(ctx, invoice, pi, decline, now);
    if (sub) applyPaymentOutcome(ctx, sub, invoice, { status: 'failed', decline }, now);
    if (session && session.payment_status === 'unpaid') ctx.events.emit('checkout.session.async_payment_failed', session, now);
  }
  emitIfChanged(ctx, customerId, before);
}

/** What can have due work: a subscription, an open Checkout Session or a pending bank debit. */
type Owner = { kind: 'sub'; id: string } | { kind: 'session'; id: string } | { kind: 'settlement'; s: PendingSettlement };

function ownerKey(o: Owner): string | PendingSettlement {
  return o.kind === 'settlement' ? o.s : `${o.kind}:${o.id}`;
}

function actionsOf(ctx: Ctx, clockId: string | null, owner: Owner): Due[] {
  if (owner.kind === 'sub') {
    const sub = ctx.store.subscriptions.get(owner.id);
    if (!sub || ctx.clock.clockIdOfCustomer(customerOf(sub)) !== clockId) return [];
    return subscriptionActions(ctx, sub);
  }
  if (owner.kind === 'session') {
    const session = ctx.store.checkoutSessions.get(owner.id);
    if (!session || session.status !== 'open') return [];
    const customer = typeof session.customer === 'string' ? session.customer : null;
    if (ctx.clock.clockIdOfCustomer(customer) !== clockId) return [];
    return [{ at: session.expires_at, rank: 5, run: (now) => expireSession(ctx, session, now) }];
  }
  const s = owner.s;
  if (!ctx.store.settlements.includes(s)) return [];
  const pi = ctx.store.paymentIntents.get(s.paymentIntentId);
  const customer = typeof pi?.customer === 'string' ? pi.customer : null;
  if (ctx.clock.clockIdOfCustomer(customer) !== clockId) return [];
  return [{ at: s.at, rank: 0, run: (now) => settle(ctx, s, now) }];
}

function earliest(actions: Due[], target: number): Due | undefined {
  let best: Due | undefined;
  for (const a of actions) {
    if (a.at > target) continue;
    if (!best || a.at < best.at || (a.at === best.at && a.rank < best.rank)) best = a;
  }
  return best;
}

interface Entry {
  at: number;
  rank: number;
  /** Order of first sight, so ties run in the order the store holds the objects. */
  ordinal: number;
  owner: Owner;
}

function before(a: Entry, b: Entry): boolean {
  return a.at !== b.at ? a.at < b.at : a.rank !== b.rank ? a.rank < b.rank : a.ordinal < b.ordinal;
}

/** A binary min-heap of due entries. */
class DueQueue {
  private items: Entry[] = [];

  get size(): number {
    return this.items.length;
  }

  push(e: Entry): void {
    const h = this.items;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent];
      if (!p || !before(e, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = e;
  }

  pop(): Entry | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length === 0 || !last) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      let mEntry: Entry = last;
      const le = h[l];
      const re = h[r];
      if (le && before(le, mEntry)) {
        m = l;
        mEntry = le;
      }
      if (re && before(re, mEntry)) m = r;
      if (m === i) break;
      const child = h[m];
      if (!child) break;
      h[i] = child;
      i = m;
    }
    h[i] = last;
    return top;
  }
}

/** Which owners an event's object can have changed the schedule of. */
function ownersTouchedBy(event: Stripe.Event): Owner[] {
  const object: unknown = event.data.object;
  if (typeof object !== 'object' || object === null || !('object' in object) || !('id' in object) || typeof object.id !== 'string') return [];
  if (object.object === 'subscription') return [{ kind: 'sub', id: object.id }];
  if (object.object === 'checkout.session') return [{ kind: 'session', id: object.id }];
  if (object.object === 'invoice') {
    const sub = (object as Stripe.Invoice).parent?.subscription_details?.subscription;
    const id = typeof sub === 'string' ? sub : sub?.id;
    return id ? [{ kind: 'sub', id }] : [];
  }
  return [];
}

function setTime(ctx: Ctx, clockId: string | null, t: number): void {
  if (clockId) {
    const clock = ctx.store.testClocks.get(clockId);
    if (clock) clock.frozen_time = t;
    return;
  }
  const wall = Math.floor(Date.now() / 1000);
  ctx.store.clockOffset = Math.max(ctx.store.clockOffset, t - wall);
}

/**
 * Moves a clock (a test clock, or the emulator clock when `clockId` is null) to `target`,
 * running every due renewal, trial end, cancellation and settlement in time order, each at
 * its own moment, so events carry the times Stripe would give them.
 *
 * Each owner's next due action sits in a heap; running one re-reads the schedule only of the
 * owners it touched (itself, the subscriptions and sessions named by the events it emitted,
 * and new settlements), so a storm of n renewals costs O(n log n), not O(n²).
 */
export function advanceClock(ctx: Ctx, clockId: string | null, target: number): void {
  const startedAt = ctx.clock.nowOnClock(clockId);
  const queue = new DueQueue();
  const ordinals = new Map<string | PendingSettlement, number>();
  const schedule = (owner: Owner): void => {
    const key = ownerKey(owner);
    let ordinal = ordinals.get(key);
    if (ordinal === undefined) {
      ordinal = ordinals.size;
      ordinals.set(key, ordinal);
    }
    const next = earliest(actionsOf(ctx, clockId, owner), target);
    if (next) queue.push({ at: next.at, rank: next.rank, ordinal, owner });
  };
  for (const id of ctx.store.subscriptions.keys()) schedule({ kind: 'sub', id });
  for (const id of ctx.store.checkoutSessions.keys()) schedule({ kind: 'session', id });
  for (const s of ctx.store.settlements) schedule({ kind: 'settlement', s });
  if (queue.size === 0) {
    setTime(ctx, clockId, target);
    if (ctx.clock.nowOnClock(clockId) > startedAt + 1) ctx.changed();
    return;
  }

  const touched: Owner[] = [];
  const stopWatching = ctx.events.watch((event) => touched.push(...ownersTouchedBy(event)));
  let ran = 0;
  let moment = startedAt;
  try {
    // Only an action that keeps rescheduling itself at the same moment could loop forever.
    const limit = 10_000 + 50 * ordinals.size;
    for (let guard = 0; guard < limit; guard++) {
      const entry = queue.pop();
      if (!entry) break;
      // The entry may be stale: run only what the owner has due now, at that time and rank.
      const next = earliest(actionsOf(ctx, clockId, entry.owner), target);
      if (!next) continue;
      if (next.at !== entry.at || next.rank !== entry.rank) {
        schedule(entry.owner);
        continue;
      }
      const settlementsBefore = ctx.store.settlements;
      const settlementCount = settlementsBefore.length;
      touched.length = 0;
      // Due work runs at its own moment, not later by however long the advance has taken so far.
      moment = Math.max(moment, next.at);
      if (moment > ctx.clock.nowOnClock(clockId)) setTime(ctx, clockId, moment);
      next.run(moment);
      ran++;
      const again = new Map<string | PendingSettlement, Owner>([[ownerKey(entry.owner), entry.owner]]);
      for (const owner of touched) again.set(ownerKey(owner), owner);
      if (ctx.store.settlements !== settlementsBefore || ctx.store.settlements.length !== settlementCount) {
        for (const s of ctx.store.settlements) if (!ordinals.has(s)) again.set(s, { kind: 'settlement', s });
      }
      for (const owner of again.values()) schedule(owner);
    }
  } finally {
    stopWatching();
  }
  setTime(ctx, clockId, target);
  // The background tick calls this every second; only real changes should rewrite the snapshot.
  if (ran > 0 || ctx.clock.nowOnClock(clockId) > startedAt + 1) ctx.changed();
}
