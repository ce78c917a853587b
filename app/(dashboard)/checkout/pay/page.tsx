import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PaymentElementCheckout } from '@/components/billing/payment-element-checkout';
import { buttonClass } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { requireUser } from '@/lib/auth/session';
import { loadOwnedCheckoutSession } from '@/lib/billing/checkout';
import { env } from '@/lib/env';

export const metadata: Metadata = { title: 'Checkout' };

export default async function PaymentElementPage({ searchParams }: PageProps<'/checkout/pay'>) {
  const user = await requireUser('/pricing');
  const { session_id: sessionId } = await searchParams;
  if (typeof sessionId !== 'string') notFound();
  const session = await loadOwnedCheckoutSession(user.id, sessionId).catch(() => null);
  if (!session || session.status !== 'open' || !session.payment) notFound();
  const { payment } = session;

  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Complete your subscription</h1>
      {payment.kind === 'emulator-page' ? (
        <Notice>
          <p>Stripe.js cannot reach the local Stripe emulator, so this session is paid on the emulator’s own page.</p>
          <a className={`${buttonClass('primary')} mt-3`} href={payment.url}>
            Continue to payment
          </a>
        </Notice>
      ) : env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY ? (
        <div className="rounded-2xl border border-zinc-200 bg-white p-6">
          <PaymentElementCheckout publishableKey={env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY} clientSecret={payment.clientSecret} />
        </div>
      ) : (
        <Notice tone="danger">Set NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY to use the Payment Element checkout.</Notice>
      )}
    </div>
  );
}
