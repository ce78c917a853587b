import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PlanCard } from '@/components/billing/plan-card';
import { SubscribeButton } from '@/components/billing/subscribe-button';
import { ButtonLink } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { VerifyEmailNotice } from '@/components/account/verify-email-notice';
import { currentEmailOf } from '@/lib/auth/email-verification';
import { currentUser } from '@/lib/auth/session';
import { getPricedPlans, type PricedPlan } from '@/lib/billing/catalog';
import { getCurrentSubscription, isLive } from '@/lib/billing/subscriptions';
import { routes } from '@/lib/entitlements/routes';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('billing.pricing');
  return { title: t('title') };
}

async function loadPlans(): Promise<PricedPlan[] | null> {
  try {
    return await getPricedPlans();
  } catch (error) {
    console.error('[entitle] could not load prices from Stripe', error);
    return null;
  }
}

export default async function PricingPage({ searchParams }: PageProps<'/pricing'>) {
  const { reason, checkout } = await searchParams;
  const [user, plans, t, common] = await Promise.all([currentUser(), loadPlans(), getTranslations('billing.pricing'), getTranslations('common')]);
  const userId = user?.id;
  const current = userId ? await getCurrentSubscription(userId) : undefined;
  const subscribed = current && isLive(current) ? current : undefined;
  // Checkout refuses an unconfirmed address (lib/billing/actions/start-checkout.ts); say so before the click.
  const account = userId && !subscribed ? await currentEmailOf(userId) : null;
  // Why a gate sent the user here, from the gated page's row in the route table.
  const gateMessage = routes.pricingMessage(reason);

  return (
    <div className="mx-auto max-w-4xl px-6 py-20">
      <div className="text-center">
        <h1 className="text-4xl font-semibold tracking-tight">{t('heading')}</h1>
        <p className="mt-3 text-zinc-600 dark:text-zinc-400">{t('intro')}</p>
      </div>
      <div className="mx-auto mt-8 max-w-2xl space-y-3">
        {gateMessage ? <Notice tone="warning">{common(gateMessage)}</Notice> : null}
        {checkout === 'canceled' ? <Notice>{t('checkoutCanceled')}</Notice> : null}
        {account && !account.verified ? <VerifyEmailNotice email={account.email} /> : null}
      </div>
      {plans === null || plans.length === 0 ? (
        <div className="mx-auto mt-10 max-w-2xl">
          <Notice tone="danger">{t.rich('unavailable', { code: (command) => <code>{command}</code> })}</Notice>
        </div>
      ) : (
        <div className="mt-12 grid gap-6 md:grid-cols-2">
          {plans.map((plan) => {
            const highlighted = plan.id === 'premium';
            const isCurrent = subscribed?.priceLookupKey === plan.lookupKey;
            return (
              <PlanCard key={plan.id} plan={plan} highlighted={highlighted}>
                {!userId ? (
                  <ButtonLink href={`/sign-up?callbackUrl=${encodeURIComponent('/pricing')}`} variant={highlighted ? 'primary' : 'secondary'}>
                    {t('getStarted')}
                  </ButtonLink>
                ) : isCurrent ? (
                  <ButtonLink href="/billing" variant="secondary">
                    {t('currentPlan')}
                  </ButtonLink>
                ) : subscribed ? (
                  <ButtonLink href={`/billing?change=${plan.id}`} variant={highlighted ? 'primary' : 'secondary'}>
                    {t('switchTo', { plan: plan.name })}
                  </ButtonLink>
                ) : (
                  <SubscribeButton
                    plan={plan.id}
                    label={t('subscribeTo', { plan: plan.name })}
                    pendingLabel={t('openingCheckout')}
                    highlighted={highlighted}
                  />
                )}
              </PlanCard>
            );
          })}
        </div>
      )}
    </div>
  );
}
