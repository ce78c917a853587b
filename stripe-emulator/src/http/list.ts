import type Stripe from 'stripe';
import { invalidRequest } from '../core/errors.js';
import type { StoreMap } from '../core/store.js';
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

/**
 * `paginate` over ids in insertion order without building the filtered list: a page walks
 * from its cursor and stops one match past `limit`, so paging through 100,000 events costs
 * one pass in all instead of one pass per page.
 */
export function paginateIds<T extends { id: string }>(
  ids: readonly (string | null)[],
  positionOf: (id: string) => number | undefined,
  get: (id: string) => T | undefined,
  keep: (item: T) => boolean,
  params: Params,
  url: string,
): Stripe.ApiList<T> {
  const limit = params.int('limit') ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidRequest('Invalid limit: must be between 1 and 100', 'limit');
  }
  const after = params.string('starting_after');
  const before = params.string('ending_before');
  const cursor = after || before;
  let from = ids.length - 1;
  if (cursor) {
    const at = positionOf(cursor);
    if (at === undefined) throw invalidRequest(`No such object: '${cursor}'`, after ? 'starting_after' : 'ending_before', 'resource_missing');
    from = at;
  }
  const found: T[] = [];
  // Newest first is descending insertion order; ending_before walks up towards newer ones.
  const step = !after && before ? 1 : -1;
  for (let i = cursor ? from + step : from; i >= 0 && i < ids.length && found.length <= limit; i += step) {
    const id = ids[i];
    if (!id) continue;
    const item = get(id);
    if (item !== undefined && keep(item)) found.push(item);
  }
  const hasMore = found.length > limit;
  const data = found.slice(0, limit);
  if (step === 1) data.reverse();
  return { object: 'list', data, has_more: hasMore, url };
}

/** A list over a whole StoreMap, or over one of its groups (`{ group: 'customer', key }`). */
export function paginateStore<T extends { id: string }>(
  map: StoreMap<T>,
  keep: (item: T) => boolean,
  params: Params,
  url: string,
  within?: { group: string; key: string },
): Stripe.ApiList<T> {
  const get = (id: string): T | undefined => map.get(id);
  if (within) {
    const ids = map.idsBy(within.group, within.key);
    return paginateIds(ids, (id) => {
      const at = ids.indexOf(id);
      return at === -1 ? undefined : at;
    }, get, keep, params, url);
  }
  const { ids, positionOf } = map.ordered();
  return paginateIds(ids, positionOf, get, keep, params, url);
}

/** `created[gte]=...` style filters, read from the params once for a whole list. */
export function rangeFilter(params: Params, key: string): (value: number) => boolean {
  // `created=123` is an exact match; `created[gte]=...` arrives as an object.
  const exact = typeof params.raw[key] === 'string' ? params.int(key) : undefined;
  if (exact !== undefined) return (value) => value === exact;
  const range = params.object(key);
  if (!range) return () => true;
  const gt = range.int('gt');
  const gte = range.int('gte');
  const lt = range.int('lt');
  const lte = range.int('lte');
  return (value) => (gt === undefined || value > gt) && (gte === undefined || value >= gte) && (lt === undefined || value < lt) && (lte === undefined || value <= lte);
}

export function matchesRange(value: number, params: Params, key: string): boolean {
  return rangeFilter(params, key)(value);
}
