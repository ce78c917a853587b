import type Stripe from 'stripe';
import type { Ctx } from '../core/context.js';
import { invalidRequest, missing } from '../core/errors.js';
import { newId, secret } from '../core/ids.js';
import { newestFirst, paginate, paginateStore, rangeFilter } from '../http/list.js';
import type { Router } from '../http/router.js';
import { API_VERSION } from '../events/emit.js';

function typeMatches(type: string, patterns: string[]): boolean {
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}

/** Events (read only) and webhook endpoints (where events are delivered). */
export function registerEvents(router: Router, ctx: Ctx): void {
  router.get('/v1/events/:id', ({ pathParams }) => {
    const event = ctx.store.events.get(pathParams.id ?? '');
    if (!event) throw missing('event', pathParams.id ?? '');
    return event;
  });

  router.get('/v1/events', ({ params: p, path }) => {
    const type = p.string('type');
    const types = p.strings('types');
    const created = rangeFilter(p, 'created');
    return paginateStore(ctx.store.events, (e) => (!type || typeMatches(e.type, [type])) && (!types || typeMatches(e.type, types)) && created(e.created), p, path);
  });

  router.post('/v1/webhook_endpoints', ({ params: p }) => {
    const url = p.requiredString('url');
    if (!/^https?:\/\//.test(url)) throw invalidRequest('Invalid URL: must start with http:// or https://', 'url', 'url_invalid');
    const endpoint: Stripe.WebhookEndpoint = {
      id: newId('we'),
      object: 'webhook_endpoint',
      api_version: p.string('api_version') ?? API_VERSION,
      application: null,
      created: ctx.clock.emulatorNow(),
      description: p.string('description') || null,
      enabled_events: p.strings('enabled_events') ?? ['*'],
      livemode: false,
      metadata: p.metadata(),
      secret: secret('whsec'),
      status: 'enabled',
      url,
    };
    ctx.store.webhookEndpoints.set(endpoint.id, endpoint);
    return endpoint;
  });

  const getEndpoint = (id: string): Stripe.WebhookEndpoint => {
    const endpoint = ctx.store.webhookEndpoints.get(id);
    if (!endpoint) throw missing('webhook_endpoint', id);
    return endpoint;
  };

  // Stripe shows the secret only in the create response.
  const withoutSecret = (e: Stripe.WebhookEndpoint): Stripe.WebhookEndpoint => {
    const copy = { ...e };
    delete copy.secret;
    return copy;
  };

  router.get('/v1/webhook_endpoints/:id', ({ pathParams }) => withoutSecret(getEndpoint(pathParams.id ?? '')));

  router.post('/v1/webhook_endpoints/:id', ({ pathParams, params: p }) => {
    const endpoint = getEndpoint(pathParams.id ?? '');
    if (p.has('url')) endpoint.url = p.requiredString('url');
    if (p.has('enabled_events')) endpoint.enabled_events = p.strings('enabled_events') ?? endpoint.enabled_events;
    if (p.has('disabled')) endpoint.status = p.bool('disabled') ? 'disabled' : 'enabled';
    if (p.has('description')) endpoint.description = p.string('description') || null;
    if (p.has('metadata')) endpoint.metadata = p.metadata(endpoint.metadata);
    return withoutSecret(endpoint);
  });

  router.del('/v1/webhook_endpoints/:id', ({ pathParams }) => {
    const endpoint = getEndpoint(pathParams.id ?? '');
    ctx.store.webhookEndpoints.delete(endpoint.id);
    return { id: endpoint.id, object: 'webhook_endpoint', deleted: true };
  });

  router.get('/v1/webhook_endpoints', ({ params: p, path }) => paginate(newestFirst(ctx.store.webhookEndpoints).map(withoutSecret), p, path));
}

export { typeMatches };
