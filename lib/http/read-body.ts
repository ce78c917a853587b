/**
 * Reads a request body into memory, but never more than `maxBytes` of it.
 *
 * `request.text()` and friends buffer whatever the client sends: 400 MB posted with a junk
 * signature took the server from 0.5 to 2.1 GB before the route could answer 400. Here a declared
 * Content-Length over the cap is refused before a byte is read, and a body without one (chunked,
 * or one whose header lies) is read chunk by chunk and cancelled as soon as it passes the cap, so
 * at most one chunk past the cap is ever held.
 */
type CappedBody = { ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; reason: 'too_large' };

export async function readBodyWithLimit(request: Request, maxBytes: number): Promise<CappedBody> {
  const declared = declaredLength(request);
  if (declared !== undefined && declared > maxBytes) {
    // Tell the stream we are done with it; Node's server then discards the rest of the upload.
    await request.body?.cancel().catch(() => {});
    return { ok: false, reason: 'too_large' };
  }
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return { ok: false, reason: 'too_large' };
    }
    chunks.push(value);
  }

  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}

function declaredLength(request: Request): number | undefined {
  const header = request.headers.get('content-length');
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

/** The answer for a body over the cap: 413, and `connection: close` so the client stops sending. */
export function payloadTooLarge(maxBytes: number): Response {
  return Response.json(
    { error: `Request body too large (at most ${maxBytes} bytes)` },
    { status: 413, headers: { 'cache-control': 'no-store', connection: 'close' } },
  );
}
