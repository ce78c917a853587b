import type { Ctx } from '../core/context.js';
import { parseForm } from '../http/parse-form.js';
import { challengePage, checkoutPage } from './checkout-routes.js';
import { invoicePage } from './invoice-page.js';
import { resolveLocale, withPageLocale } from './page-locale.js';
import { escapeHtml, FAVICON_SVG, layout, notFound } from './layout.js';
import type { PageResponse } from './page-response.js';
import { messages } from './page-text.js';
import { portalPage } from './portal-routes.js';

/** The locale a page's own object asks for: the session's, or for an invoice its customer's first preferred one. */
function ownLocale(ctx: Ctx, parts: string[]): string | null | undefined {
  const [a, b, c] = parts;
  if (a === 'c' && c) return ctx.store.checkoutSessions.get(c)?.locale;
  if (a === 'p' && b === 'session' && c) return ctx.store.portalSessions.get(c)?.locale;
  if (a === 'i' && b) {
    const customer = ctx.store.invoices.get(b)?.customer;
    return typeof customer === 'string' ? ctx.store.customers.get(customer)?.preferred_locales?.[0] : null;
  }
  return null;
}

/**
 * Hosted pages: `/c/pay/{cs}`, `/c/3ds/{cs}`, `/p/session/{bps}[/action]`, `/i/{in}[/pay]`, written
 * in the session's locale (an invoice: its customer's preferred locale) or, for `auto` (the
 * default), the browser's `Accept-Language`.
 */
export function handlePage(ctx: Ctx, method: string, url: URL, rawBody: string, acceptLanguage?: string): PageResponse {
  const parts = url.pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  const sessionLocale = ownLocale(ctx, parts);
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
    const { title, body } = messages().home;
    return { status: 200, body: layout(title, `<div class="wrap"><div class="col card"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p></div></div>`) };
  }
  return notFound(url.pathname);
}
