import type Stripe from 'stripe';
import { invalidRequest } from '../core/errors.js';
import type { Params } from './params.js';

/**
 * Stripe lists newest first and pages by object id. `items` must already be in that order;
 * callers pass insertion order reversed, which keeps a stable order inside one second.
 */
export function paginate<T extends { id: string }>(items: T[], params: Params, url: string): Stripe.ApiList<T> {
  const limit = params.int('limit') ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidRequest('Invalid limit: must be between 1 and 100', 'limit');
  }
  const after = params.string('starting_after');
  const before = params.string('ending_before');
  let start = 0;
  let end = items.length;
  if (after) {
    const i = items.findIndex((o) => o.id === after);
    if (i === -1) throw invalidRequest(`No such object: '${after}'`, 'starting_after', 'resource_missing');
    start = i + 1;
  } else if (before) {
    const i = items.findIndex((o) => o.id === before);
    if (i === -1) throw invalidRequest(`No such object: '${before}'`, 'ending_before', 'resource_missing');
    end = i;
    start = Math.max(0, end - limit);
    return { object: 'list', data: items.slice(start, end), has_more: start > 0, url };
  }
  const data = items.slice(start, start + limit);
  return { object: 'list', data, has_more: start + limit < end, url };
}

export function newestFirst<T>(map: Map<string, T>): T[] {
  return [...map.values()].reverse();
}

/** `created[gte]=...` style filters. */
export function matchesRange(value: number, params: Params, key: string): boolean {
  const exact = params.int(key);
  if (exact !== undefined) return value === exact;
  const range = params.object(key);
  if (!range) return true;
  const gt = range.int('gt');
  const gte = range.int('gte');
  const lt = range.int('lt');
  const lte = range.int('lte');
  return (gt === undefined || value > gt) && (gte === undefined || value >= gte) && (lt === undefined || value < lt) && (lte === undefined || value <= lte);
}
