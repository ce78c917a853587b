import { describe, expect, it } from 'vitest';
import { clientAddressFrom } from '@/lib/http/client-address';

function forwardedFor(value: string | null): Headers {
  return new Headers(value === null ? {} : { 'x-forwarded-for': value });
}

describe('the client address used for rate limits', () => {
  it('takes the entry our one proxy appended, not what the client wrote before it', () => {
    expect(clientAddressFrom(forwardedFor('6.6.6.6, 203.0.113.9'), 1)).toBe('203.0.113.9');
    expect(clientAddressFrom(forwardedFor('203.0.113.9'), 1)).toBe('203.0.113.9');
  });

  it('counts TRUSTED_PROXY_HOPS entries from the right', () => {
    expect(clientAddressFrom(forwardedFor('6.6.6.6, 203.0.113.9, 10.0.0.2'), 2)).toBe('203.0.113.9');
    // Fewer entries than proxies: the leftmost is the furthest seen.
    expect(clientAddressFrom(forwardedFor('203.0.113.9'), 2)).toBe('203.0.113.9');
  });

  it('groups IPv6 addresses by their /64, whatever their spelling', () => {
    const a = clientAddressFrom(forwardedFor('2001:db8:abcd:12::1'), 1);
    expect(a).toBe('2001:db8:abcd:12::/64');
    expect(clientAddressFrom(forwardedFor('2001:0DB8:ABCD:0012:ffff:1:2:3'), 1)).toBe(a);
    expect(clientAddressFrom(forwardedFor('[2001:db8:abcd:12::99]:443'), 1)).toBe(a);
    expect(clientAddressFrom(forwardedFor('2001:db8:abcd:13::1'), 1)).not.toBe(a);
    expect(clientAddressFrom(forwardedFor('::1'), 1)).toBe('0:0:0:0::/64');
  });

  it('reads IPv4-mapped IPv6 and address:port as the IPv4 address', () => {
    expect(clientAddressFrom(forwardedFor('::ffff:127.0.0.1'), 1)).toBe('127.0.0.1');
    expect(clientAddressFrom(forwardedFor('198.51.100.4:51234'), 1)).toBe('198.51.100.4');
  });

  it('has no address without the header, and one shared key for anything that is not an address', () => {
    expect(clientAddressFrom(forwardedFor(null), 1)).toBeUndefined();
    expect(clientAddressFrom(forwardedFor(' , '), 1)).toBeUndefined();
    expect(clientAddressFrom(forwardedFor('unknown'), 1)).toBe('unparsable-forwarded-for');
    expect(clientAddressFrom(forwardedFor('foo-2'), 1)).toBe(clientAddressFrom(forwardedFor('bar'), 1));
  });
});
