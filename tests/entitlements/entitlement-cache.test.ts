import { describe, expect, it } from 'vitest';
import { databaseIsEmbedded } from '@/db/client';
import { cachedFeatures, rememberFeatures } from '@/lib/entitlements/entitlement-cache';

// The cache exists for the embedded database only; on the server run every read reaches Postgres.
describe.runIf(databaseIsEmbedded())('entitlement cache (PGlite)', () => {
  it('remembers a read, and a sync replaces it', async () => {
    let reads = 0;
    const read = async () => {
      reads += 1;
      return ['basic_features'];
    };
    expect(await cachedFeatures('user-a', read)).toEqual(['basic_features']);
    expect(await cachedFeatures('user-a', read)).toEqual(['basic_features']);
    expect(reads).toBe(1);
    rememberFeatures('user-a', ['basic_features', 'extended_features']);
    expect(await cachedFeatures('user-a', read)).toEqual(['basic_features', 'extended_features']);
    expect(reads).toBe(1);
  });

  it('does not keep a read that a sync overtook', async () => {
    let finishRead: (features: string[]) => void = () => {};
    const slowRead = cachedFeatures('user-b', () => new Promise<string[]>((resolve) => (finishRead = resolve)));
    // The sync commits (access revoked) while the read, begun earlier, is still out.
    rememberFeatures('user-b', []);
    finishRead(['extended_features']);
    expect(await slowRead).toEqual(['extended_features']);
    expect(await cachedFeatures('user-b', async () => ['never read'])).toEqual([]);
  });
});

describe.runIf(!databaseIsEmbedded())('entitlement cache (PostgreSQL server)', () => {
  it('is off: other instances may write the rows', async () => {
    let reads = 0;
    const read = async () => {
      reads += 1;
      return ['basic_features'];
    };
    await cachedFeatures('user-c', read);
    rememberFeatures('user-c', []);
    expect(await cachedFeatures('user-c', read)).toEqual(['basic_features']);
    expect(reads).toBe(2);
  });
});
