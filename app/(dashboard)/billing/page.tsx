import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ActionButton } from '@/components/billing/action-button';
import { billingFormat } from '@/components/billing/billing-format';
import { InvoiceTable } from '@/components/billing/invoice-table';
import { PlanSwitcher } from '@/components/billing/plan-switcher';
import { StatusBadge } from '@/components/billing/status-badge';
import { BillingNotices, SubscriptionNotices } from '@/components/billing/subscription-notices';
import { ButtonLink } from '@/components/ui/button';
import { Confirmation } from '@/components/ui/confirmation';
import { requireUser } from '@/lib/auth/session';
import { cancelSubscription } from '@/lib/billing/actions/cancel-subscription';
import { openBillingPortal } from '@/lib/billing/actions/open-billing-portal';
import { getBillingOverview } from '@/lib/billing/billing-overview';
import { PLANS } from '@/lib/billing/plans';
import { refreshAfterPortal } from '@/lib/billing/portal';
import { isLive } from '@/lib/billing/subscriptions';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('billing.page');
  return { title: t('title') };
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 className="mb-4 text-sm font-semibold text-zinc-900 dark:text-zinc-100">{title}</h2>
      {children}
    </section>
  );
}

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-1 text-sm font-medium text-zinc-900 dark:text-zinc-100">{children}</dd>
    </div>
  );
}

export default async function BillingPage({ searchParams }: PageProps<'/billing'>) {
  const user = await requireUser('/billing');
  const { change, changed, done, from } = await searchParams;
  const fromPortal = from === 'portal';
  const portalRead = fromPortal ? await refreshAfterPortal(user.id) : false;
  const [{ subscription, plan, invoices, notices }, t, format] = await Promise.all([
    getBillingOverview(user.id),
    getTranslations('billing'),
    billingFormat(),
  ]);
  const live = subscription && isLive(subscription);
  const renews = live && !subscription.cancelAtPeriodEnd && !subscription.cancelAt;
  const planName = plan?.name ?? t('page.yourPlanInSentence');
  // What the last action did, said only while it is still true (the address can be typed by anyone).
  const confirmation =
    typeof changed === 'string' && plan?.id === changed ? (
      <span data-testid="plan-changed">{t('page.changed', { plan: plan.name })}</span>
    ) : done === 'canceled' && live && !renews ? (
      t('page.canceled', { plan: planName, date: format.date(subscription.cancelAt ?? subscription.currentPeriodEnd) })
    ) : done === 'resumed' && renews ? (
      t('page.resumed', { plan: planName, date: format.date(subscription.currentPeriodEnd) })
    ) : fromPortal ? (
      t(portalRead ? 'page.backFromPortal' : 'page.backFromPortalLate')
    ) : null;

  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold tracking-tight">{t('page.heading')}</h1>
        <ActionButton action={openBillingPortal} label={t('page.manage')} pendingLabel={t('page.openingPortal')} />
      </div>

      {confirmation ? (
        <Confirmation key={`${String(changed)} ${String(done)} ${String(from)}`} testId="action-confirmation">
          {confirmation}
        </Confirmation>
      ) : null}
      <BillingNotices notices={notices} />
      {subscription ? <SubscriptionNotices subscription={subscription} /> : null}

      <Section title={t('page.planSection')}>
        {subscription ? (
          <dl className="grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
            <Detail label={t('page.plan')}>
              <span className="flex items-center gap-2">
                <span data-testid="plan-name">{plan?.name ?? t('page.yourPlan')}</span>
                <StatusBadge status={subscription.status} />
              </span>
            </Detail>
            <Detail label={t('page.price')}>
              {subscription.unitAmount !== null ? format.price(subscription.unitAmount, subscription.currency, subscription.interval) : '—'}
            </Detail>
            <Detail label={renews ? t('page.nextRenewal') : live ? t('page.accessUntil') : t('page.ended')}>
              {live ? format.date(subscription.cancelAt ?? subscription.currentPeriodEnd) : format.date(subscription.endedAt)}
              {renews && subscription.unitAmount !== null ? ` · ${format.money(subscription.unitAmount, subscription.currency)}` : ''}
            </Detail>
            <Detail label={t('page.paymentMethod')}>
              <span data-testid="payment-method">{format.paymentMethod(subscription)}</span>
            </Detail>
          </dl>
        ) : (
          <div className="flex items-center justify-between gap-4">
            <p className="text-sm text-zinc-600 dark:text-zinc-400">{t('page.noSubscription')}</p>
            <ButtonLink href="/pricing">{t('page.seePlans')}</ButtonLink>
          </div>
        )}
        {subscription && !live ? (
          <div className="mt-6">
            <ButtonLink href="/pricing">{t('page.subscribeAgain')}</ButtonLink>
          </div>
        ) : null}
      </Section>

      {live ? (
        <Section title={t('page.changePlanSection')}>
          <div className="flex flex-wrap gap-8">
            {PLANS.filter((p) => p.lookupKey !== subscription.priceLookupKey).map((other) => (
              <PlanSwitcher
                key={other.id}
                plan={other.id}
                labels={{
                  switchTo: t('switcher.switchTo', { plan: other.name }),
                  calculating: t('switcher.calculating'),
                  calculatingCost: t('switcher.calculatingCost', { plan: other.name }),
                  switching: t('switcher.switching', { plan: other.name }),
                  confirm: t('switcher.confirm', { plan: other.name }),
                }}
                autoPreview={change === other.id}
              />
            ))}
          </div>
          {renews ? (
            <div className="mt-6 border-t border-zinc-100 pt-6 dark:border-zinc-800">
              <ActionButton
                action={cancelSubscription}
                label={t('page.cancel')}
                pendingLabel={t('page.canceling')}
                variant="danger"
                confirm={t('page.cancelQuestion', { plan: planName, date: format.date(subscription.currentPeriodEnd) })}
                confirmLabel={t('page.cancel')}
                dismissLabel={t('page.keepSubscription')}
              />
            </div>
          ) : null}
        </Section>
      ) : null}

      <Section title={t('page.invoicesSection')}>
        <InvoiceTable invoices={invoices} />
      </Section>
    </div>
  );
}
