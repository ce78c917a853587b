import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HANDLED_EVENT_TYPES } from '@/lib/billing/sync/handled-events';

// The README tells operators which events to enable on their Stripe endpoint. An event the app
// handles but the endpoint does not send is silently never processed, so the list there must be
// exactly the route's table.

function readmeEventList(): string[] {
  const readme = readFileSync(path.join(process.cwd(), 'README.md'), 'utf8');
  const block = /<!-- handled-events:start -->([\s\S]*?)<!-- handled-events:end -->/.exec(readme)?.[1];
  if (!block) throw new Error('README.md has no handled-events block');
  return block
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^[a-z_]+(\.[a-z_]+)+$/.test(line));
}

describe("the README's Stripe endpoint setup", () => {
  it('lists exactly the event types the webhook route handles', () => {
    const listed = readmeEventList();
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...HANDLED_EVENT_TYPES].sort());
  });
});
