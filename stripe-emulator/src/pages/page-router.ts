import type { Ctx } from '../core/context.js';
import { parseForm } from '../http/parse-form.js';
import { challengePage, checkoutPage } from './checkout-routes.js';
import { invoicePage } from './invoice-page.js';
import { resolveLocale, withPageLocale } from './format.js';
import { FAVICON_SVG, layout, notFound } from './layout.js';
import type { PageResponse } from './page-response.js';
import { portalPage } from './portal-routes.js';

/**
 * Hosted pages: `/c/pay/{cs}`, `/c/3ds/{cs}`, `/p/session/{bps}[/action]`, `/i/{in}[/pay]`, written
 * in the session's locale or, for `auto` (the default), the browser's `Accept-Language`.
 */
export function handlePage(ctx: Ctx, method: string, url: URL, rawBody: string, acceptLanguage?: string): PageResponse {
  const parts = url.pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  const [a, b, c] = parts;
  const sessionLocale =
    a === 'c' && c ? ctx.store.checkoutSessions.get(c)?.locale : a === 'p' && b === 'session' && c ? ctx.store.portalSessions.get(c)?.locale : null;
  return withPageLocale(resolveLocale(sessionLocale, acceptLanguage), () => route(ctx, method, url, rawBody, parts));
}

function route(ctx: Ctx, method: string, url: URL, rawBody: string, parts: string[]): PageResponse {
  const form = method === 'POST' ? parseForm(rawBody) : {};
  const [a, b, c, d] = parts;
  if (a === 'c' && b === 'pay' && c) return checkoutPage(ctx, method, c, form);
  if (a === 'c' && b === '3ds' && c) return challengePage(ctx, method, c, form);
  if (a === 'p' && b === 'session' && c) return portalPage(ctx, method, c, d ?? null, form, url.searchParams);
  if (a === 'i' && b) return invoicePage(ctx, method, b, c ?? null, form);
  if (url.pathname === '/favicon.ico') return { status: 200, headers: { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' }, body: FAVICON_SVG };
  if (url.pathname === '/') {
    return { status: 200, body: layout('Stripe emulator', '<div class="wrap"><div class="col card"><h1>Stripe emulator</h1><p>API under /v1, controls under /_emulator.</p></div></div>') };
  }
  return notFound(url.pathname);
}
