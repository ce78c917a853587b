import 'server-only';
import { stripe } from './client';
import { reshapeCheckoutSession, reshapeSubscription, type CheckoutSessionView, type OwnedSubscription } from './reshape';

// Reads of one Stripe object, handed out in the app's shapes (see reshape.ts).

export async function retrieveSubscription(subscriptionId: string): Promise<OwnedSubscription> {
  return reshapeSubscription(await stripe().subscriptions.retrieve(subscriptionId));
}

/** Null for a session Stripe does not have (or will not show), so a caller tells nothing apart. */
export async function retrieveCheckoutSession(sessionId: string): Promise<CheckoutSessionView | null> {
  return stripe()
    .checkout.sessions.retrieve(sessionId)
    .then(reshapeCheckoutSession, () => null);
}
