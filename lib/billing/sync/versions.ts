/**
 * Which of two versions of a Stripe object is newer, when one comes from a full read of Stripe
 * and the other from an event's own object. The sync keeps, on every row it writes (a
 * subscription, the entitlement summary, an invoice), the version that row holds.
 *
 * Stripe gives two clocks, both its own and both in whole seconds:
 * - an event's `created`: the object in the event is the object as it was at that second;
 * - a response's `Date` header: a full read was served at some moment before it was stamped.
 *   A read that took `rtt` seconds was served no earlier than `Date - ceil(rtt)`, so a reading
 *   is known only as a range [min, max] = [Date - ceil(rtt), Date]. An event's object is the
 *   single second [created, created].
 * Seconds cannot order two things in the same second, so equal seconds are "unordered" and
 * every rule below falls back to asking Stripe (a read) rather than guessing.
 *
 * Two full reads are ordered by ticket instead (a database sequence taken before the request
 * is sent, as before events were applied): the later ticket was sent later, so it read later.
 *
 * The rules, for an incoming version against the stored one:
 * - event at E, stored [min, max]: E > max, the event is newer: apply its object. E < min, the
 *   stored version already includes it: nothing to do. Otherwise unordered: read Stripe (unless
 *   the object's states only move forward, like an invoice's, when the state further along wins).
 * - read [rmin, rmax] with ticket t, stored from a read with ticket s: newer iff t > s.
 * - read [rmin, rmax], stored from an event at E: newer iff rmin > E; older iff rmax < E (keep
 *   the event's object); otherwise unordered (the read is retried a second later when it was
 *   made for that very row, see sync-customer.ts).
 */

export type StoredVersion = { readTicket: number | null; asOfMin: number; asOfMax: number };

export type Reading = { ticket: number; asOfMin: number; asOfMax: number };

type EventVerdict = 'apply' | 'already-included' | 'unordered';

/**
 * `progress`: for objects whose states only move forward (an invoice goes draft → open → paid,
 * void or uncollectible, and never back), how far the event's object and the stored row have
 * come. In an unordered second the one further along is the later: Stripe sends an invoice's
 * `created`, `finalized` and `paid` events in one second, and without this each would take a read.
 */
export function compareEvent(created: number, stored: StoredVersion | undefined, progress?: { event: number; stored: number }): EventVerdict {
  if (!stored) return 'apply';
  if (created > stored.asOfMax) return 'apply';
  if (created < stored.asOfMin) return 'already-included';
  if (progress && progress.event !== progress.stored) return progress.event > progress.stored ? 'apply' : 'already-included';
  return 'unordered';
}

const INVOICE_PROGRESS: Record<string, number> = { draft: 0, open: 1, uncollectible: 2, paid: 3, void: 3 };

/** How far an invoice status has come (see `compareEvent`); paid and void are both final. */
export function invoiceProgress(status: string | null | undefined): number {
  return INVOICE_PROGRESS[status ?? ''] ?? -1;
}

type ReadVerdict = 'newer' | 'older' | 'unordered';

export function compareReading(reading: Reading, stored: StoredVersion | undefined, progress?: { read: number; stored: number }): ReadVerdict {
  if (!stored) return 'newer';
  if (stored.readTicket !== null) return reading.ticket > stored.readTicket ? 'newer' : 'older';
  if (reading.asOfMin > stored.asOfMax) return 'newer';
  if (reading.asOfMax < stored.asOfMin) return 'older';
  if (progress && progress.read !== progress.stored) return progress.read > progress.stored ? 'newer' : 'older';
  return 'unordered';
}

/** The version columns a row gets from an event's object created at `created`. */
export const eventVersion = (created: number): StoredVersion => ({ readTicket: null, asOfMin: created, asOfMax: created });

/** The version columns a row gets from a full reading. */
export const readVersion = ({ ticket, asOfMin, asOfMax }: Reading): StoredVersion => ({ readTicket: ticket, asOfMin, asOfMax });
