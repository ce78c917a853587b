import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { ButtonLink } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { requireUser } from '@/lib/auth/session';
import { BillingError, billingErrorMessage } from '@/lib/billing/billing-error';
import { confirmCheckoutReturn, type CheckoutReturn } from '@/lib/billing/checkout';
import { FEATURES } from '@/lib/billing/plans';
import { routes } from '@/lib/entitlements/routes';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('billing.checkout');
  return { title: t('title') };
}

async function confirm(userId: string, sessionId: unknown): Promise<CheckoutReturn | { status: 'invalid'; message: string }> {
  if (typeof sessionId !== 'string') return { status: 'invalid', message: (await getTranslations('billing.checkout'))('noSession') };
  try {
    return await confirmCheckoutReturn(userId, sessionId);
  } catch (error) {
    if (error instanceof BillingError) return { status: 'invalid', message: billingErrorMessage(error.text, await getLocale()) };
    throw error;
  }
}

export default async function CheckoutReturnPage({ searchParams }: PageProps<'/checkout/return'>) {
  const user = await requireUser('/billing');
  const { session_id: sessionId } = await searchParams;
  const [result, t, common] = await Promise.all([confirm(user.id, sessionId), getTranslations('billing.checkout'), getTranslations('common')]);

  if (result.status !== 'complete') {
    const message = result.status === 'invalid' ? result.message : result.status === 'expired' ? t('expired') : t('notPaid');
    return (
      <div className="mx-auto max-w-lg space-y-4">
        <Notice tone="warning">{message}</Notice>
        <ButtonLink href="/pricing">{t('backToPricing')}</ButtonLink>
      </div>
    );
  }

  const premium = result.sync?.features.includes(FEATURES.extended) ?? false;
  const processing = result.paymentStatus === 'unpaid';
  const unlocked = routes.pageForFeature(premium ? FEATURES.extended : FEATURES.basic);
  return (
    <div className="mx-auto max-w-lg space-y-6 text-center">
      <div
        aria-hidden
        className="mx-auto grid size-12 place-items-center rounded-full bg-emerald-50 text-2xl text-emerald-700 dark:bg-emerald-950/40 dark:text-emerald-300"
      >
        ✓
      </div>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight" data-testid="checkout-result">
          {processing ? t('processing') : t('subscribed')}
        </h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">
          {processing ? t('processingDetail') : premium ? t('premiumUnlocked') : t('basicActive')}
        </p>
      </div>
      <div className="flex justify-center gap-3">
        {unlocked ? <ButtonLink href={unlocked.prefix}>{t('open', { page: common(unlocked.gate.navLabel) })}</ButtonLink> : null}
        <ButtonLink href="/billing" variant="secondary">
          {t('billing')}
        </ButtonLink>
      </div>
    </div>
  );
}
