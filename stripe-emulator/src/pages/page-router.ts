import type { Ctx } from '../core/context.js';
import { parseForm } from '../http/parse-form.js';
import { challengePage, checkoutPage } from './checkout-routes.js';
import { invoicePage } from './invoice-page.js';
import { notFound } from './layout.js';
import type { PageResponse } from './page-response.js';
import { portalPage } from './portal-routes.js';

/** Hosted pages: `/c/pay/{cs}`, `/c/3ds/{cs}`, `/p/session/{bps}[/action]`, `/i/{in}[/pay]`. */
export function handlePage(ctx: Ctx, method: string, url: URL, rawBody: string): PageResponse {
  const form = method === 'POST' ? parseForm(rawBody) : {};
  const parts = url.pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  const [a, b, c, d] = parts;
  if (a === 'c' && b === 'pay' && c) return checkoutPage(ctx, method, c, form);
  if (a === 'c' && b === '3ds' && c) return challengePage(ctx, method, c, form);
  if (a === 'p' && b === 'session' && c) return portalPage(ctx, method, c, d ?? null, form, url.searchParams);
  if (a === 'i' && b) return invoicePage(ctx, method, b, c ?? null, form);
  if (url.pathname === '/') {
    return { status: 200, body: '<!doctype html><title>Stripe emulator</title><p>Stripe emulator. API under /v1, controls under /_emulator.</p>' };
  }
  return notFound(url.pathname);
}
