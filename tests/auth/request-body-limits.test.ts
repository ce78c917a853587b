import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { POST as authPost } from '@/app/api/auth/[...nextauth]/route';
import { POST as webhookPost } from '@/app/api/stripe/webhook/route';
import { getDb } from '@/db/client';
import { rateLimits, sessions, stripeEvents, users } from '@/db/schema';
import { createUserWithPassword } from '@/lib/auth/users';
import { csrfFor, loadAuthRoute, ORIGIN, sessionCookieOf } from './support/auth-route';

const CHUNK = 64 * 1024;
const WEBHOOK_CAP = 1024 * 1024;
const AUTH_CAP = 32 * 1024;

/** A body that would go on for 400 MB, counting what the server pulls from it. */
function endlessBody(fill: (chunk: Uint8Array) => void = (chunk) => chunk.fill(0x61)) {
  const meter = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (meter.pulled >= 400 * 1024 * 1024) return controller.close();
      const chunk = new Uint8Array(CHUNK);
      fill(chunk);
      meter.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      meter.cancelled = true;
    },
  });
  return { stream, meter };
}

async function rowCounts() {
  const db = getDb();
  return {
    events: (await db.select().from(stripeEvents)).length,
    sessions: (await db.select().from(sessions)).length,
    limits: (await db.select().from(rateLimits)).length,
  };
}

function webhookRequest(body: BodyInit, headers: Record<string, string> = {}): Request {
  // `duplex` is what a streamed request body needs in Node; TypeScript's DOM types predate it.
  const init = {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=junk', ...headers },
    body,
    duplex: 'half',
  };
  return new Request(`${ORIGIN}/api/stripe/webhook`, init);
}

describe('POST /api/stripe/webhook with an oversized body', () => {
  it('answers 413 at once to a Content-Length over 1 MiB, reading at most what the stream had buffered', async () => {
    const { stream, meter } = endlessBody();
    const response = await webhookPost(webhookRequest(stream, { 'content-length': String(400 * 1024 * 1024) }));
    expect(response.status).toBe(413);
    expect(meter.pulled).toBeLessThanOrEqual(CHUNK);
    expect((await rowCounts()).events).toBe(0);
  });

  it('stops reading a chunked body one chunk past 1 MiB and answers 413', async () => {
    const { stream, meter } = endlessBody();
    const response = await webhookPost(webhookRequest(stream));
    expect(response.status).toBe(413);
    expect(meter.pulled).toBeGreaterThan(WEBHOOK_CAP);
    expect(meter.pulled).toBeLessThanOrEqual(WEBHOOK_CAP + 2 * CHUNK);
    expect(meter.cancelled).toBe(true);
    expect((await rowCounts()).events).toBe(0);
  });

  it('still reads a body under the cap (and refuses its junk signature with 400)', async () => {
    const response = await webhookPost(webhookRequest(JSON.stringify({ id: 'evt_small', padding: 'x'.repeat(500 * 1024) })));
    expect(response.status).toBe(400);
  });
});

describe('POST /api/auth/callback/credentials with an oversized body', () => {
  function credentialsRequest(csrf: { cookie: string }, body: BodyInit, extraHeaders: Record<string, string> = {}): NextRequest {
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrf.cookie, ...extraHeaders },
      body,
      duplex: 'half' as const,
    };
    return new NextRequest(`${ORIGIN}/api/auth/callback/credentials`, init);
  }

  it('answers 413 at once to a Content-Length over 32 KiB', async () => {
    const { stream, meter } = endlessBody();
    const csrf = await csrfFor(await loadAuthRoute());
    const response = await authPost(credentialsRequest(csrf, stream, { 'content-length': String(400 * 1024 * 1024) }));
    expect(response.status).toBe(413);
    expect(meter.pulled).toBeLessThanOrEqual(CHUNK);
    expect(await rowCounts()).toEqual({ events: 0, sessions: 0, limits: 0 });
  });

  it('stops reading a chunked form one chunk past 32 KiB: no password check, no session', async () => {
    await createUserWithPassword({ email: 'bulky@example.com', password: 'violet tundra harmonica' });
    const csrf = await csrfFor(await loadAuthRoute());
    // A valid form whose password field goes on and on.
    const head = new TextEncoder().encode(`csrfToken=${encodeURIComponent(csrf.csrfToken)}&email=bulky%40example.com&password=`);
    let first = true;
    const { stream, meter } = endlessBody((chunk) => {
      chunk.fill(0x61);
      if (first) chunk.set(head);
      first = false;
    });
    const response = await authPost(credentialsRequest(csrf, stream));
    expect(response.status).toBe(413);
    expect(sessionCookieOf(response)).toBeUndefined();
    expect(meter.pulled).toBeLessThanOrEqual(AUTH_CAP + 2 * CHUNK);
    expect(meter.cancelled).toBe(true);
    expect(await rowCounts()).toEqual({ events: 0, sessions: 0, limits: 0 });
    expect((await getDb().select().from(users)).length).toBe(1);
  });

  it('passes a normal sign-in through to Auth.js with its body intact', async () => {
    await createUserWithPassword({ email: 'normal@example.com', password: 'violet tundra harmonica' });
    const csrf = await csrfFor(await loadAuthRoute());
    const response = await authPost(
      credentialsRequest(
        csrf,
        new URLSearchParams({ csrfToken: csrf.csrfToken, email: 'normal@example.com', password: 'violet tundra harmonica', callbackUrl: `${ORIGIN}/dashboard` }),
      ),
    );
    expect(response.status).toBe(302);
    expect(sessionCookieOf(response)).toBeDefined();
  });
});
