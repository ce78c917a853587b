import { ApiError } from '../core/errors.js';

interface Saved {
  fingerprint: string;
  status: number;
  body: string;
}

/**
 * Stripe replays the first response (status included) for a repeated Idempotency-Key with the
 * same parameters, and refuses the key with other parameters. Keys are kept for the process
 * lifetime rather than Stripe's 24 hours.
 */
export class IdempotencyCache {
  private saved = new Map<string, Saved>();

  lookup(key: string, fingerprint: string): Saved | undefined {
    const hit = this.saved.get(key);
    if (!hit) return undefined;
    if (hit.fingerprint !== fingerprint) {
      throw new ApiError(400, {
        type: 'idempotency_error',
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      });
    }
    return hit;
  }

  save(key: string, fingerprint: string, status: number, body: string): void {
    this.saved.set(key, { fingerprint, status, body });
  }
}
