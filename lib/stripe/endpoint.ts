/**
 * The endpoint a Stripe request counts against, for Stripe's per-endpoint rate limit: the method
 * and the route with every object id replaced (`GET /v1/customers/:id` is one endpoint for every
 * customer), the way Stripe and the emulator group requests. The query string is no part of it.
 *
 * A path segment is an id when it looks like one Stripe made (a known prefix before its first
 * underscore, like `cus_` or `sub_`) or like no resource name (resource names are lowercase words
 * joined by underscores; ids carry digits or capitals). An id chosen by the account that looks
 * like a word (a coupon called `free`) makes an endpoint of its own: it is still counted against
 * the account-wide budget, and such ids are not on the paths this app calls.
 */
const ID_PREFIXES = new Set([
  'acct', 'ba', 'bps', 'bpc', 'card', 'ch', 'cn', 'cs', 'cus', 'dp', 'ent', 'evt', 'feat', 'file', 'ii', 'il', 'in', 'mtr',
  'pi', 'pm', 'po', 'price', 'prod', 'promo', 'pyr', 're', 'schdl', 'seti', 'si', 'src', 'sub', 'tok', 'txi', 'txn', 'txr', 'we',
]);

const RESOURCE_NAME = /^[a-z]+(?:_[a-z]+)*$/;
const API_VERSION_SEGMENT = /^v\d+$/;

function isId(segment: string): boolean {
  if (API_VERSION_SEGMENT.test(segment)) return false;
  const prefix = segment.split('_', 1)[0] ?? '';
  return (segment.includes('_') && ID_PREFIXES.has(prefix)) || !RESOURCE_NAME.test(segment);
}

export function stripeEndpoint(method: string, path: string): string {
  const route = (path.split('?', 1)[0] ?? '')
    .split('/')
    .map((segment) => (segment === '' || !isId(segment) ? segment : ':id'))
    .join('/');
  return `${method.toUpperCase()} ${route}`;
}
