import type { Ctx } from '../core/context.js';

export interface PageResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export function handlePage(ctx: Ctx, method: string, url: URL, rawBody: string): PageResponse {
  void ctx; void method; void rawBody;
  return { status: 404, body: `<h1>Not found</h1><p>${url.pathname}</p>` };
}
