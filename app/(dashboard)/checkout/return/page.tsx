import type { Metadata } from 'next';
import { ButtonLink } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { requireUser } from '@/lib/auth/session';
import { confirmCheckoutReturn, type CheckoutReturn } from '@/lib/billing/checkout';
import { FEATURES } from '@/lib/billing/plans';
import { BillingError } from '@/lib/billing/subscriptions';
import { routes } from '@/lib/entitlements/routes';

export const metadata: Metadata = { title: 'Checkout' };

async function confirm(userId: string, sessionId: unknown): Promise<CheckoutReturn | { status: 'invalid'; message: string }> {
  if (typeof sessionId !== 'string') return { status: 'invalid', message: 'No checkout session was given.' };
  try {
    return await confirmCheckoutReturn(userId, sessionId);
  } catch (error) {
    if (error instanceof BillingError) return { status: 'invalid', message: error.message };
    throw error;
  }
}

export default async function CheckoutReturnPage({ searchParams }: PageProps<'/checkout/return'>) {
  const user = await requireUser('/billing');
  const { session_id: sessionId } = await searchParams;
  const result = await confirm(user.id, sessionId);

  if (result.status !== 'complete') {
    const message =
      result.status === 'invalid' ? result.message : result.status === 'expired' ? 'This checkout has expired.' : 'This checkout has not been paid.';
    return (
      <div className="mx-auto max-w-lg space-y-4">
        <Notice tone="warning">{message}</Notice>
        <ButtonLink href="/pricing">Back to pricing</ButtonLink>
      </div>
    );
  }

  const premium = result.sync?.features.includes(FEATURES.extended) ?? false;
  const processing = result.paymentStatus === 'unpaid';
  const unlocked = routes.pageForFeature(premium ? FEATURES.extended : FEATURES.basic);
  return (
    <div className="mx-auto max-w-lg space-y-6 text-center">
      <div aria-hidden className="mx-auto grid size-12 place-items-center rounded-full bg-emerald-50 text-2xl text-emerald-700">
        ✓
      </div>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight" data-testid="checkout-result">
          {processing ? 'Your payment is processing' : 'Thank you, you are subscribed'}
        </h1>
        <p className="mt-2 text-zinc-600">
          {processing
            ? 'Bank debits take a few days to confirm. Your access starts as soon as Stripe says it may.'
            : premium
              ? 'Premium is unlocked.'
              : 'Basic is active.'}
        </p>
      </div>
      <div className="flex justify-center gap-3">
        {unlocked ? <ButtonLink href={unlocked.prefix}>{`Open ${unlocked.gate.navLabel}`}</ButtonLink> : null}
        <ButtonLink href="/billing" variant="secondary">
          Billing
        </ButtonLink>
      </div>
    </div>
  );
}
