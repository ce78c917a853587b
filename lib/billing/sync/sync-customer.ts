import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { getDb } from '@/db/client';
import { billingCustomers, entitlementSummaries, invoices, stripeEvents, subscriptions, type NewInvoiceRow, type NewSubscriptionRow } from '@/db/schema';
import { asBackgroundStripeWork } from '@/lib/stripe/rate-budget';
import { coalesceByKey } from '../coalesce';
import { findUserIdForCustomer } from '../customers';
import { rememberFeatures } from '@/lib/entitlements/entitlement-cache';
import { isLive } from '../subscription-status';
import { settleDuplicateSubscriptions } from './duplicate-subscriptions';
import { fetchStripeState, type StripeState } from './stripe-reads';
import { featuresOf, summarizePaymentMethod, toInvoiceRow, toSubscriptionRow, type PaymentMethodSummary } from './stripe-mappers';
import { compareEvent, compareReading, eventVersion, invoiceProgress, readVersion, type Reading, type StoredVersion } from './versions';
import { sendLifecycleMails } from './lifecycle-mails';

export { fetchStripeState, type StripeState } from './stripe-reads';

export type SyncResult = { userId: string; features: string[]; subscriptionIds: string[] };

/** What asks for a sync: a webhook's event (its object may be enough), or an event id / nothing (read Stripe). */
type SyncNote = Stripe.Event | string;

/** The note of a call without one: someone wants Stripe's current state, so the run reads it. */
const READ_STRIPE: unique symbol = Symbol('read Stripe');

/**
 * Makes our copy of a customer's billing state equal to Stripe's, whatever event prompted it.
 * Duplicated and out-of-order events end in the same rows, on any number of instances.
 *
 * Reads per event. Most events carry the object that changed, complete: the subscription in
 * `customer.subscription.*`, the entitlement summary (complete when its list has no `has_more`),
 * the invoice in `invoice.*`. When every event of a sync is of that kind and each is newer than
 * the row it would replace, their objects are written and Stripe is not asked at all. Otherwise
 * (another kind of event, an object we cannot order against the stored row, a subscription we
 * have no row for yet, a new payment method whose card details only a read brings, a second live
 * subscription to settle) the sync reads the customer's state: its subscriptions, and its
 * entitlements too unless every event is a subscription's or an invoice's (see `syncNow`).
 *
 * Order. Each row keeps the version of Stripe's object it holds (versions.ts): the second of the
 * event whose object wrote it, or the time range and ticket of the full read that did. An event's
 * object replaces a row only if it is strictly newer; an older event is already included and
 * only marked processed; an event in the same second as the row's version is unordered and
 * takes a read. A full read replaces rows written by older reads (tickets, taken before the
 * request, order reads), and rows written by events only when the read was certainly served
 * after that event's second. When a read made for an event cannot be ordered against that
 * event's row (both in the same second), it is made again a second later, so the event is
 * never marked processed on a reading that may predate it.
 *
 * No transaction or lock is held while Stripe answers, so a slow Stripe call never keeps a
 * database connection; the customer's row lock orders the writers of one customer.
 *
 * Calls for one customer are coalesced within the process: a burst of events (a checkout sends
 * about ten) costs one or two syncs, not ten, while every caller still gets a sync that began
 * after its call. Webhook events are marked processed in the same transaction as the rows they
 * brought. Returns null for a customer that is not one of ours.
 */
export function syncStripeCustomer(customerId: string, note?: SyncNote, gatherMs?: number): Promise<SyncResult | null> {
  return coalescedSync(customerId, note ?? READ_STRIPE, gatherMs);
}

const coalescedSync = coalesceByKey<SyncResult | null, SyncNote | typeof READ_STRIPE>(async (customerId, notes) => {
  const events = notes.filter((note): note is Stripe.Event => typeof note === 'object');
  const work = () => syncNow(customerId, notes, events);
  // Webhook work is background work for the rate budget; a sync a person waits for is not.
  const synced = await (notes.every((note) => typeof note === 'object') ? asBackgroundStripeWork(work) : work());
  // Once per sync, not per coalesced caller: the welcome and access-ended mails (each sent once, ever).
  if (synced) await sendLifecycleMails(synced);
  return synced;
});

async function syncNow(customerId: string, notes: (SyncNote | typeof READ_STRIPE)[], events: Stripe.Event[]): Promise<SyncResult | null> {
  let link = await takeTicket(customerId);
  if (!link) {
    // No row links this customer to a user yet (say, a customer made outside the app): link it
    // from Stripe's metadata if the user exists, then sync.
    if (!(await findUserIdForCustomer(customerId))) return null;
    link = await takeTicket(customerId);
    if (!link) return null;
  }
  if (events.length > 0 && events.length === notes.length) {
    const applied = await applyEventObjects(customerId, link.userId, events);
    if (applied) {
      rememberFeatures(applied.userId, applied.features);
      return applied;
    }
  }
  const eventIds = notes.flatMap((note) => (typeof note === 'string' ? [note] : typeof note === 'object' ? [note.id] : []));
  const rows = events.flatMap((event) => rowOfEvent(event) ?? []);
  // Only subscription and invoice events: what sends them to a read is a subscription (unordered
  // in its second, new, or with a new card) or an invoice, so the entitlements are not read too.
  // A change of entitlements comes with an event of its own, whose sync reads them if it must;
  // the summary row keeps its version, and no later event is ordered against a reading that did
  // not include it. Every other sync (a person waiting, an event without an object) reads all.
  const entitlementsToo = rows.length !== notes.length || rows.some((row) => row.kind === 'entitlements');
  const synced = await readAndWrite(customerId, link, eventIds, new Set(rows.map((row) => row.key)), false, latestInvoices(events), entitlementsToo);
  rememberFeatures(synced.userId, synced.features);
  return synced;
}

/**
 * A full read and write of one customer, outside the per-process coalescing (reconciliation and
 * resync: the ticket orders it against any other sync). With `invoices`, the latest invoices too.
 */
export async function resyncStripeCustomer(customerId: string, { invoices: withInvoices = false } = {}): Promise<SyncResult | null> {
  return asBackgroundStripeWork(async () => {
    let link = await takeTicket(customerId);
    if (!link && (await findUserIdForCustomer(customerId))) link = await takeTicket(customerId);
    if (!link) return null;
    const synced = await readAndWrite(customerId, link, [], new Set(), withInvoices);
    rememberFeatures(synced.userId, synced.features);
    await sendLifecycleMails(synced);
    return synced;
  });
}

const READ_ATTEMPTS = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readAndWrite(
  customerId: string,
  first: SyncTicket,
  eventIds: string[],
  required: Set<string>,
  invoicesToo = false,
  eventInvoices: EventInvoice[] = [],
  entitlements = true,
): Promise<SyncResult> {
  let link = first;
  let withInvoices = invoicesToo;
  for (let attempt = 1; ; attempt++) {
    let state = await fetchStripeState(customerId, { invoices: withInvoices, entitlements });
    // A second live subscription is canceled and refunded here; the rows then show the canceled one.
    if (await settleDuplicateSubscriptions(link.userId, state.subscriptions)) state = await fetchStripeState(customerId, { invoices: withInvoices, entitlements });
    const written = await writeReading(customerId, link, state, eventIds, required, eventInvoices);
    if (written.unorderedRequired.length === 0) return written.result;
    // An invoice event that cannot be ordered against its row is settled by reading invoices too.
    if (written.unorderedRequired.some((key) => key.startsWith('invoice '))) withInvoices = true;
    // The read and the row its event is about fall in the same second of Stripe's clock: a read
    // a second later is certainly after it.
    if (attempt >= READ_ATTEMPTS) {
      throw new Error(`Stripe reading of ${customerId} could not be ordered against ${written.unorderedRequired.join(', ')} after ${attempt} reads`);
    }
    // A second and a bit: the next reading's Date is a second later, its lower bound (Date less
    // a second of round trip) a second after that, so the third reading is certainly later.
    await sleep(1_100);
    const next = await takeTicket(customerId);
    if (!next) throw new Error(`customer ${customerId} is no longer linked`);
    link = next;
  }
}

type SyncTicket = { userId: string; ticket: number };

/** The customer's user and a fresh ticket, or null when the customer is not linked to a user. */
export async function takeTicket(customerId: string): Promise<SyncTicket | null> {
  const [link] = await getDb()
    .select({ userId: billingCustomers.userId, ticket: sql<string>`nextval('stripe_sync_ticket')`.mapWith(Number) })
    .from(billingCustomers)
    .where(eq(billingCustomers.stripeCustomerId, customerId));
  return link ?? null;
}

/**
 * Writes the state read under `ticket`, row by row, wherever it is newer than what the row holds
 * (versions.ts), and marks the events processed in the same transaction. A state without a time
 * (a customer Stripe no longer has) is final and outranks every event.
 */
export async function writeIfNewest(customerId: string, link: SyncTicket, state: StripeState, eventIds: string[]): Promise<SyncResult> {
  return (await writeReading(customerId, link, state, eventIds, new Set())).result;
}

const FINAL = Number.MAX_SAFE_INTEGER;

type Written = { result: SyncResult; unorderedRequired: string[] };

/** An invoice event's object: complete, so written by its own version even when the sync reads the rest. */
type EventInvoice = { created: number; invoice: Stripe.Invoice };

/** Of each invoice's events, the latest (by second, then by how far the invoice has come). */
function latestInvoices(events: Stripe.Event[]): EventInvoice[] {
  const latest = new Map<string, EventInvoice>();
  for (const event of events) {
    const row = rowOfEvent(event);
    if (row?.kind !== 'invoice') continue;
    const seen = latest.get(row.key);
    const later =
      !seen || seen.created < event.created || (seen.created === event.created && invoiceProgress(seen.invoice.status) < invoiceProgress(row.object.status));
    if (later) latest.set(row.key, { created: event.created, invoice: row.object });
  }
  return [...latest.values()];
}

async function writeReading(
  customerId: string,
  { userId, ticket }: SyncTicket,
  state: StripeState,
  eventIds: string[],
  required: Set<string>,
  eventInvoices: EventInvoice[] = [],
): Promise<Written> {
  const reading: Reading = { ticket, asOfMin: state.asOfMin ?? FINAL, asOfMax: state.asOfMax ?? FINAL };
  const version = readVersion(reading);
  return getDb().transaction(async (tx) => {
    const syncedAt = new Date();
    // Takes the customer's row lock: concurrent writers of one customer go one at a time.
    await tx
      .update(billingCustomers)
      .set({ syncedTicket: sql`greatest(${billingCustomers.syncedTicket}, ${ticket})`, syncedAt })
      .where(eq(billingCustomers.stripeCustomerId, customerId));
    const readInvoiceIds = new Set((state.invoices ?? []).flatMap((invoice) => invoice.id ?? []));
    const invoiceIds = [...readInvoiceIds, ...eventInvoices.flatMap(({ invoice }) => invoice.id ?? [])];
    const [storedSubs, [storedSummary], storedInvoices] = await Promise.all([
      tx.select({ id: subscriptions.id, ...versionColumns(subscriptions) }).from(subscriptions).where(eq(subscriptions.stripeCustomerId, customerId)),
      tx
        .select({ features: entitlementSummaries.features, ...versionColumns(entitlementSummaries) })
        .from(entitlementSummaries)
        .where(eq(entitlementSummaries.stripeCustomerId, customerId)),
      invoiceIds.length > 0 ? tx.select().from(invoices).where(inArray(invoices.id, invoiceIds)) : [],
    ]);

    const unordered: string[] = [];
    const verdictFor = (key: string, stored: StoredVersion | undefined, progress?: { read: number; stored: number }) => {
      const verdict = compareReading(reading, stored, progress);
      if (verdict === 'unordered') unordered.push(key);
      return verdict === 'newer';
    };
    const storedSub = new Map(storedSubs.map((row) => [row.id, row]));
    const fallback = summarizePaymentMethod(state.defaultPaymentMethod);
    const rows = state.subscriptions.flatMap((s) => toSubscriptionRow(s, userId, fallback, syncedAt) ?? []);
    const readIds = new Set(rows.map((row) => row.id));
    const upserts = rows.filter((row) => verdictFor(`subscription ${row.id}`, storedSub.get(row.id))).map((row) => ({ ...row, ...version }));
    const deletes = storedSubs.filter((row) => !readIds.has(row.id) && verdictFor(`subscription ${row.id}`, row)).map((row) => row.id);
    const summaryNewer = state.features !== undefined && verdictFor('entitlements', storedSummary);
    const storedInvoice = new Map(storedInvoices.map((row) => [row.id, row]));
    const invoiceRows = (state.invoices ?? [])
      .flatMap((invoice) => toInvoiceRow(invoice, userId, syncedAt) ?? [])
      .filter((row) => {
        const stored = storedInvoice.get(row.id);
        return verdictFor(`invoice ${row.id}`, stored, stored && { read: invoiceProgress(row.status), stored: invoiceProgress(stored.status) });
      })
      .map((row) => ({ ...row, stripeCustomerId: customerId, ...version }));
    // Invoices this reading did not list: their events' objects, by the events' own versions.
    for (const { created, invoice } of eventInvoices) {
      const next = invoice.id && !readInvoiceIds.has(invoice.id) ? toInvoiceRow(invoice, userId, syncedAt) : null;
      if (!next) continue;
      const stored = storedInvoice.get(next.id);
      const verdict = compareEvent(created, stored, stored && { event: invoiceProgress(next.status), stored: invoiceProgress(stored.status) });
      if (verdict === 'apply') invoiceRows.push({ ...next, stripeCustomerId: customerId, ...eventVersion(created) });
      else if (verdict === 'unordered' && !(stored && sameContent(next, stored))) unordered.push(`invoice ${next.id}`);
    }
    const unorderedRequired = unordered.filter((key) => required.has(key));

    const summary = { stripeCustomerId: customerId, userId, features: state.features ?? [], syncedAt, ...version };
    // Issued together, so the driver pipelines them: one round trip instead of one per statement.
    await Promise.all([
      ...upserts.map((row) => upsertSubscription(tx, row)),
      ...(deletes.length > 0 ? [tx.delete(subscriptions).where(and(eq(subscriptions.stripeCustomerId, customerId), inArray(subscriptions.id, deletes)))] : []),
      ...(summaryNewer ? [tx.insert(entitlementSummaries).values(summary).onConflictDoUpdate({ target: entitlementSummaries.stripeCustomerId, set: summary })] : []),
      ...invoiceRows.map((row) => upsertInvoice(tx, row)),
      // An event whose own row could not be ordered against this reading stays unprocessed: the caller reads again.
      ...(eventIds.length > 0 && unorderedRequired.length === 0 ? [tx.update(stripeEvents).set({ processedAt: syncedAt }).where(inArray(stripeEvents.id, eventIds))] : []),
    ]);
    const deleted = new Set(deletes);
    const ids = [...new Set([...storedSubs.map((row) => row.id).filter((id) => !deleted.has(id)), ...upserts.map((row) => row.id)])];
    const features = (summaryNewer ? state.features : undefined) ?? storedSummary?.features ?? [];
    return { result: { userId, features, subscriptionIds: ids }, unorderedRequired };
  });
}

type Transaction = Parameters<Parameters<ReturnType<typeof getDb>['transaction']>[0]>[0];

function versionColumns(table: typeof subscriptions | typeof entitlementSummaries | typeof invoices) {
  return { readTicket: table.readTicket, asOfMin: table.asOfMin, asOfMax: table.asOfMax };
}

function upsertSubscription(tx: Transaction, row: NewSubscriptionRow) {
  return tx.insert(subscriptions).values(row).onConflictDoUpdate({ target: subscriptions.id, set: row });
}

function upsertInvoice(tx: Transaction, row: NewInvoiceRow) {
  return tx.insert(invoices).values(row).onConflictDoUpdate({ target: invoices.id, set: row });
}

/** The row an event's own object can stand in for, or null when the event does not carry one. */
function rowOfEvent(event: Stripe.Event):
  | { key: string; kind: 'subscription'; object: Stripe.Subscription }
  | { key: string; kind: 'entitlements'; features: string[] | null }
  | { key: string; kind: 'invoice'; object: Stripe.Invoice }
  | null {
  switch (event.type) {
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
    case 'customer.subscription.paused':
    case 'customer.subscription.resumed':
    case 'customer.subscription.trial_will_end':
      return { key: `subscription ${event.data.object.id}`, kind: 'subscription', object: event.data.object };
    case 'entitlements.active_entitlement_summary.updated': {
      const list = event.data.object.entitlements;
      // A summary with more than one page lists only the first: only a read has them all.
      return { key: 'entitlements', kind: 'entitlements', features: list.has_more ? null : featuresOf(list.data) };
    }
    case 'invoice.created':
    case 'invoice.finalized':
    case 'invoice.paid':
    case 'invoice.payment_failed':
    case 'invoice.payment_action_required':
    case 'invoice.voided':
    case 'invoice.marked_uncollectible':
      return event.data.object.id ? { key: `invoice ${event.data.object.id}`, kind: 'invoice', object: event.data.object } : null;
    default:
      return null;
  }
}

/**
 * Writes the events' own objects if every one of them can stand in for a read (see
 * `syncStripeCustomer`), and marks them processed; returns null, having written nothing, when
 * any of them cannot, so the caller reads Stripe instead. Of several events about one row only
 * the latest matters; two latest ones in the same second are unordered, unless their states
 * order them (an invoice's).
 */
async function applyEventObjects(customerId: string, userId: string, events: Stripe.Event[]): Promise<SyncResult | null> {
  const latest = new Map<string, { event: Stripe.Event; row: NonNullable<ReturnType<typeof rowOfEvent>> }>();
  for (const event of events) {
    const row = rowOfEvent(event);
    if (!row || (row.kind === 'entitlements' && row.features === null)) return null;
    const seen = latest.get(row.key);
    if (seen && seen.event.created === event.created && seen.event.id !== event.id) {
      // Two events about one row in one second. An invoice's states only move forward, so the
      // one further along is the later, as against a stored row (versions.ts `compareEvent`):
      // a renewal's invoice.created, invoice.finalized and invoice.paid share a second, and
      // delivered together they made nearly every renewal of a storm read Stripe. Two objects
      // that make the same row (a declined renewal's invoice.finalized and
      // invoice.payment_failed, both open with nothing paid) are right whichever came first, as
      // an event equal to the stored row is below; a later change has an event of its own.
      // Anything else in one second (a subscription's renewal and its past_due update) is
      // unordered, and a read settles it.
      const ahead = row.kind === 'invoice' && seen.row.kind === 'invoice' ? invoiceProgress(row.object.status) - invoiceProgress(seen.row.object.status) : 0;
      if (ahead === 0 && !sameRowOf(row, seen.row, userId)) return null;
      if (ahead > 0) latest.set(row.key, { event, row });
      continue;
    }
    if (!seen || seen.event.created < event.created) latest.set(row.key, { event, row });
  }
  return getDb().transaction(async (tx) => {
    const syncedAt = new Date();
    // The customer's row lock, as a full write takes it: writers of one customer go one at a time.
    const [locked] = await tx
      .select({ userId: billingCustomers.userId })
      .from(billingCustomers)
      .where(eq(billingCustomers.stripeCustomerId, customerId))
      .for('update');
    if (locked?.userId !== userId) return null;
    const invoiceIds = [...latest.values()].flatMap(({ row }) => (row.kind === 'invoice' ? [row.object.id ?? ''] : []));
    const [storedSubs, [storedSummary], storedInvoices] = await Promise.all([
      tx.select().from(subscriptions).where(eq(subscriptions.stripeCustomerId, customerId)),
      tx
        .select({ features: entitlementSummaries.features, ...versionColumns(entitlementSummaries) })
        .from(entitlementSummaries)
        .where(eq(entitlementSummaries.stripeCustomerId, customerId)),
      invoiceIds.length > 0
        ? tx.select().from(invoices).where(inArray(invoices.id, invoiceIds))
        : [],
    ]);

    const subscriptionRows: NewSubscriptionRow[] = [];
    const invoiceRows: NewInvoiceRow[] = [];
    let features: string[] | null = null;
    let summary: typeof entitlementSummaries.$inferInsert | null = null;
    for (const { event, row } of latest.values()) {
      if (row.kind === 'subscription') {
        const stored = storedSubs.find((s) => s.id === row.object.id);
        // A subscription we have no row for yet: only a read brings its payment method, and
        // settles it if it is a second live one.
        if (!stored) return null;
        const verdict = compareEvent(event.created, stored);
        if (verdict === 'already-included') continue;
        const next = toSubscriptionRow(row.object, userId, paymentMethodOf(stored), syncedAt);
        // Events carry the payment method's id, not its card: a new one needs a read.
        if (!next || next.ownPaymentMethodId !== stored.ownPaymentMethodId) return null;
        // In the same second as the row, an object equal to the row is right whichever came
        // first (a later change has an event of its own); a different one is unordered.
        if (verdict === 'unordered') {
          if (sameContent(next, stored)) continue;
          return null;
        }
        // Live next to another live one: a read settles the duplicate.
        if (isLive(row.object) && storedSubs.some((s) => s.id !== row.object.id && isLive(s))) return null;
        subscriptionRows.push({ ...next, ...eventVersion(event.created) });
      } else if (row.kind === 'entitlements') {
        const verdict = compareEvent(event.created, storedSummary);
        if (verdict === 'unordered' && !(row.features && storedSummary && sameContent({ features: row.features }, storedSummary))) return null;
        if (verdict === 'apply' && row.features) {
          features = row.features;
          summary = { stripeCustomerId: customerId, userId, features: row.features, syncedAt, ...eventVersion(event.created) };
        }
      } else {
        const stored = storedInvoices.find((s) => s.id === row.object.id);
        const verdict = compareEvent(event.created, stored, stored && { event: invoiceProgress(row.object.status), stored: invoiceProgress(stored.status) });
        const next = verdict === 'already-included' ? null : toInvoiceRow(row.object, userId, syncedAt);
        if (verdict === 'unordered') {
          if (next && stored && sameContent(next, stored)) continue;
          return null;
        }
        if (next) invoiceRows.push({ ...next, stripeCustomerId: customerId, ...eventVersion(event.created) });
      }
    }
    // Nothing was written before this point, so every `return null` above left the rows alone.
    await Promise.all([
      ...(summary ? [tx.insert(entitlementSummaries).values(summary).onConflictDoUpdate({ target: entitlementSummaries.stripeCustomerId, set: summary })] : []),
      ...subscriptionRows.map((row) => upsertSubscription(tx, row)),
      ...invoiceRows.map((row) => upsertInvoice(tx, row)),
      tx
        .update(stripeEvents)
        .set({ processedAt: syncedAt })
        .where(inArray(stripeEvents.id, events.map((event) => event.id))),
    ]);
    const ids = new Set([...storedSubs.map((s) => s.id), ...subscriptionRows.map((s) => s.id ?? '')]);
    return { userId, features: features ?? storedSummary?.features ?? [], subscriptionIds: [...ids] };
  });
}

type EventRow = NonNullable<ReturnType<typeof rowOfEvent>>;

/** Whether two events' objects for one row would write the same row. */
function sameRowOf(a: EventRow, b: EventRow, userId: string): boolean {
  const at = new Date(0);
  if (a.kind === 'invoice' && b.kind === 'invoice') {
    const [x, y] = [toInvoiceRow(a.object, userId, at), toInvoiceRow(b.object, userId, at)];
    return x !== null && y !== null && sameContent(x, y);
  }
  if (a.kind === 'subscription' && b.kind === 'subscription') {
    const none = summarizePaymentMethod(null);
    const [x, y] = [toSubscriptionRow(a.object, userId, none, at), toSubscriptionRow(b.object, userId, none, at)];
    return x !== null && y !== null && sameContent(x, y);
  }
  return a.kind === 'entitlements' && b.kind === 'entitlements' && a.features !== null && b.features !== null && sameValue(a.features, b.features);
}

/** Bookkeeping columns, which differ between two copies of the same Stripe state. */
const BOOKKEEPING = new Set(['syncedAt', 'readTicket', 'asOfMin', 'asOfMax']);

/** Whether every column `next` sets holds the same value in `stored`. */
function sameContent(next: Record<string, unknown>, stored: Record<string, unknown>): boolean {
  return Object.entries(next).every(([key, value]) => BOOKKEEPING.has(key) || sameValue(value, stored[key]));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  return (a ?? null) === (b ?? null);
}

function paymentMethodOf(row: PaymentMethodSummary): PaymentMethodSummary {
  return {
    paymentMethodType: row.paymentMethodType,
    paymentMethodBrand: row.paymentMethodBrand,
    paymentMethodLast4: row.paymentMethodLast4,
    paymentMethodExpMonth: row.paymentMethodExpMonth,
    paymentMethodExpYear: row.paymentMethodExpYear,
  };
}
