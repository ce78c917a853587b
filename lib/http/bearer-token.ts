import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * True when the request carries `Authorization: Bearer <secret>`. Compared in constant time:
 * both sides are hashed first, so neither the secret's bytes nor its length leak through how
 * long a wrong guess takes to refuse.
 */
export function hasBearerToken(request: Request, secret: string): boolean {
  const header = request.headers.get('authorization') ?? '';
  const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(secret)) && given.length > 0;
}
