import { isIP } from 'node:net';
import { env } from '@/lib/env';

/**
 * The address a request came from, as a rate-limit key: an IPv4 address, or the /64 network of
 * an IPv6 one (one subscriber usually holds a whole /64, so single IPv6 addresses cost an
 * attacker nothing). Undefined when no usable address is known.
 *
 * Which X-Forwarded-For entry to believe: each proxy appends the address it saw, so only the
 * entries added by our own proxies are trustworthy, counted from the right. `TRUSTED_PROXY_HOPS`
 * (default 1) says how many there are:
 * - Vercel replaces the header with the client's address (one entry), so 1 is right.
 * - One reverse proxy that appends (nginx `$proxy_add_x_forwarded_for`, a load balancer): 1.
 *   A CDN in front of that proxy: 2.
 * - Bare `next start` facing the internet: Next.js sets the header from the socket only when the
 *   request has none (next/dist/server/base-server.js), so a client can write any address there
 *   and spread its attempts over made-up addresses. Per-address limits are then advisory; the
 *   per-account limits still hold. Put a proxy in front that sets the header.
 */
export function clientAddressFrom(headers: Headers, trustedHops: number = env.TRUSTED_PROXY_HOPS): string | undefined {
  const entries = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return undefined;
  // Fewer entries than proxies means the request skipped one; the leftmost is the furthest we see.
  const candidate = entries[Math.max(entries.length - trustedHops, 0)] ?? '';
  // Something that is not an address (`X-Forwarded-For: foo`) still names a client that wrote
  // its own header: all such clients share one key instead of escaping the per-address limits.
  return rateLimitKeyForAddress(candidate) ?? 'unparsable-forwarded-for';
}

function rateLimitKeyForAddress(raw: string): string | undefined {
  const address = stripPort(raw);
  const mappedV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mappedV4 && isIP(mappedV4) === 4) return mappedV4;
  const version = isIP(address);
  if (version === 4) return address;
  if (version === 6) return `${expandIpv6(address).slice(0, 4).join(':')}::/64`;
  return undefined;
}

// Some proxies (Azure's, for one) write `address:port`.
function stripPort(value: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed?.[1]) return bracketed[1];
  const v4WithPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(value);
  return v4WithPort?.[1] ?? value;
}

/** The eight hextets of a valid IPv6 address, lower case without leading zeros. */
function expandIpv6(address: string): string[] {
  let text = address.toLowerCase().split('%')[0] ?? '';
  // An embedded IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) is two hextets.
  const v4Tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4Tail) {
    const [a, b, c, d] = v4Tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((hextet) => parseInt(hextet, 16).toString(16));
}
