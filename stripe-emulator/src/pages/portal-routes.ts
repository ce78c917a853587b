import type { Ctx } from '../core/context.js';
import { ApiError } from '../core/errors.js';
import { changePlan } from '../billing/plan-change.js';
import { customerOf, periodOf, updateSubscription } from '../billing/subscription-events.js';
import { endSubscription } from '../billing/subscriptions.js';
import { classify } from '../billing/test-values.js';
import type { FormObject } from '../http/parse-form.js';
import { updateCustomer } from '../resources/customers.js';
import { attachPaymentMethod, buildPaymentMethod, storePaymentMethod } from '../resources/payment-methods.js';
import { paymentFromForm } from './payment-form.js';
import { notFound } from './layout.js';
import { fill, localizeError, messages } from './page-text.js';
import type { PageResponse } from './page-response.js';
import { allowedPrices, LIVE_STATUSES, renderPortalPage } from './portal-page.js';

function field(form: FormObject, key: string): string {
  const v = form[key];
  return typeof v === 'string' ? v : '';
}

/** Every portal action ends in a redirect back to the page (post/redirect/get), its message in the page's language. */
function back(sessionId: string, message: string, kind: 'm' | 'e' = 'm'): PageResponse {
  return { status: 303, headers: { Location: `/p/session/${encodeURIComponent(sessionId)}?${kind}=${encodeURIComponent(message)}` }, body: '' };
}

export function portalPage(ctx: Ctx, method: string, sessionId: string, action: string | null, form: FormObject, query?: URLSearchParams): PageResponse {
  const { notFound: missing, portal: m } = messages();
  const session = ctx.store.portalSessions.get(sessionId);
  if (!session) return notFound(fill(missing.portalSession, { id: sessionId }));
  if (method !== 'POST') {
    return { status: 200, body: renderPortalPage(ctx, session, query?.get('m') ?? undefined, query?.get('e') ?? undefined) };
  }
  const config = ctx.store.portalConfigurations.get(typeof session.configuration === 'string' ? session.configuration : session.configuration.id);
  const customer = ctx.store.customers.get(session.customer);
  if (!config || !customer) return notFound(m.noLongerValid);
  const now = ctx.clock.nowFor(customer.id);
  const sub = ctx.store.subscriptions.get(field(form, 'subscription'));
  const ownSub = sub && customerOf(sub) === customer.id && LIVE_STATUSES.includes(sub.status) ? sub : undefined;
  try {
    switch (action) {
      case 'switch': {
        const price = allowedPrices(ctx, config).find((p) => p.id === field(form, 'price'));
        const item = ownSub?.items.data[0];
        if (!ownSub || !price || !item) return back(sessionId, m.planChangeUnavailable, 'e');
        const configured = config.features.subscription_update.proration_behavior;
        const behavior = configured === 'always_invoice' ? 'always_invoice' : configured === 'none' ? 'none' : 'create_prorations';
        changePlan(ctx, ownSub, { updates: [{ id: item.id, price: price.id }], behavior, prorationDate: now }, now);
        ctx.changed();
        return back(sessionId, m.planUpdated);
      }
      case 'cancel': {
        if (!ownSub || !config.features.subscription_cancel.enabled) return back(sessionId, m.cancelUnavailable, 'e');
        if (config.features.subscription_cancel.mode === 'immediately') {
          endSubscription(ctx, ownSub, now, 'cancellation_requested');
        } else {
          updateSubscription(ctx, ownSub, now, () => {
            ownSub.cancel_at_period_end = true;
            ownSub.cancel_at = ownSub.status === 'trialing' && ownSub.trial_end ? ownSub.trial_end : periodOf(ownSub).end;
            ownSub.canceled_at = now;
            ownSub.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason: 'cancellation_requested' };
          });
        }
        ctx.changed();
        return back(sessionId, m.canceled);
      }
      case 'renew': {
        if (!ownSub) return back(sessionId, m.nothingToRenew, 'e');
        updateSubscription(ctx, ownSub, now, () => {
          ownSub.cancel_at_period_end = false;
          ownSub.cancel_at = null;
          ownSub.canceled_at = null;
          ownSub.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason: null };
        });
        ctx.changed();
        return back(sessionId, m.willRenew);
      }
      case 'update-card': {
        if (!config.features.payment_method_update.enabled) return back(sessionId, m.cardUpdateUnavailable, 'e');
        const input = paymentFromForm({ ...form, method: 'card' });
        if ('klarnaEmailOnly' in input || input.type !== 'card') return back(sessionId, m.enterCard, 'e');
        const verdict = classify(input, new Date(now * 1000));
        if (verdict.rejectNow) return back(sessionId, localizeError(verdict.rejectNow.message), 'e');
        const pm = storePaymentMethod(ctx, buildPaymentMethod(input, now), verdict);
        attachPaymentMethod(ctx, pm, customer.id);
        updateCustomer(ctx, customer, { invoice_settings: { ...customer.invoice_settings, default_payment_method: pm.id } });
        for (const s of ctx.store.subscriptions.values()) {
          if (customerOf(s) === customer.id && s.default_payment_method && LIVE_STATUSES.includes(s.status)) {
            updateSubscription(ctx, s, now, () => (s.default_payment_method = pm.id));
          }
        }
        ctx.changed();
        return back(sessionId, m.cardUpdated);
      }
      case 'update-details': {
        const allowed = config.features.customer_update.enabled ? config.features.customer_update.allowed_updates : [];
        const changes: { email?: string | null; name?: string | null } = {};
        if (allowed.includes('email') && field(form, 'email')) changes.email = field(form, 'email');
        if (allowed.includes('name') && 'name' in form) changes.name = field(form, 'name') || null;
        updateCustomer(ctx, customer, changes);
        ctx.changed();
        return back(sessionId, m.detailsSaved);
      }
      default:
        return notFound(fill(missing.portalAction, { action: action ?? '' }));
    }
  } catch (err) {
    return back(sessionId, localizeError(err instanceof ApiError ? err.body.message : String(err)), 'e');
  }
}
