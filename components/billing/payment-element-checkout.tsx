'use client';

import { loadStripe, type StripeCheckoutLoadActionsSuccess } from '@stripe/stripe-js';
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { Locale } from '@/lib/i18n/locales';

/**
 * Stripe's Payment Element checkout (ui_mode "elements"): the card form on our own page, in the
 * language of the rest of the page (`locale`, as the Checkout Session was made in).
 */
export function PaymentElementCheckout({
  publishableKey,
  clientSecret,
  locale,
  labels,
}: {
  publishableKey: string;
  clientSecret: string;
  locale: Locale;
  labels: { pay: string; paying: string };
}) {
  const mountRef = useRef<HTMLDivElement>(null);
  const [actions, setActions] = useState<StripeCheckoutLoadActionsSuccess | null>(null);
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const stripe = await loadStripe(publishableKey, { locale });
      if (!stripe || cancelled || !mountRef.current) return;
      const checkout = stripe.initCheckoutElementsSdk({ clientSecret });
      checkout.createPaymentElement().mount(mountRef.current);
      const loaded = await checkout.loadActions();
      if (cancelled) return;
      if (loaded.type === 'success') setActions(loaded.actions);
      else setError(loaded.error.message);
    })();
    return () => {
      cancelled = true;
    };
  }, [publishableKey, clientSecret, locale]);

  async function pay(event: React.FormEvent) {
    event.preventDefault();
    if (!actions) return;
    setPending(true);
    setError(undefined);
    // On success Stripe redirects to the session's return_url; only errors come back here.
    const result = await actions.confirm();
    if (result.type === 'error') setError(result.error.message);
    setPending(false);
  }

  return (
    <form onSubmit={pay} className="space-y-4">
      <div ref={mountRef} className="min-h-32" />
      <FormMessage error={error} />
      <Button type="submit" className="w-full" disabled={!actions || pending}>
        {pending ? labels.paying : labels.pay}
      </Button>
    </form>
  );
}
