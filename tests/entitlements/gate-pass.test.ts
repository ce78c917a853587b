import { describe, expect, it } from 'vitest';
import { isValidGatePass, issueGatePass } from '@/lib/entitlements/gate-pass';

describe('gate pass (proxy to page)', () => {
  const now = 1_800_000_000_000;
  const pass = issueGatePass('user-1', 'extended_features', now);

  it('holds for the user and feature it was issued for, for a few seconds', () => {
    expect(isValidGatePass(pass, 'user-1', 'extended_features', now)).toBe(true);
    expect(isValidGatePass(pass, 'user-1', 'extended_features', now + 9_000)).toBe(true);
  });

  it('is refused for another user or feature, once old, from the future, or altered', () => {
    expect(isValidGatePass(pass, 'user-2', 'extended_features', now)).toBe(false);
    expect(isValidGatePass(pass, 'user-1', 'basic_features', now)).toBe(false);
    expect(isValidGatePass(pass, 'user-1', 'extended_features', now + 11_000)).toBe(false);
    expect(isValidGatePass(pass, 'user-1', 'extended_features', now - 1)).toBe(false);
    const [issued, mac = ''] = pass.split('.');
    expect(isValidGatePass(`${Number(issued) + 1}.${mac}`, 'user-1', 'extended_features', now + 1)).toBe(false);
    expect(isValidGatePass(`${issued}.${mac.slice(0, -2)}AA`, 'user-1', 'extended_features', now)).toBe(false);
  });

  it('refuses what a client could make up', () => {
    for (const forged of [null, undefined, '', 'yes', `${now}`, `${now}.`, `${now}.AAAA`, 'NaN.abc']) {
      expect(isValidGatePass(forged, 'user-1', 'extended_features', now)).toBe(false);
    }
  });
});
