import type { Metadata } from 'next';
import type { SubscriptionRow } from '@/db/schema';
import { ActionButton } from '@/components/billing/action-button';
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
import { formatDate, formatMoney, formatPaymentMethod } from '@/lib/format';

export const metadata: Metadata = { title: 'Billing' };

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="rounded-2xl border border-zinc-200 bg-white p-6">
      <h2 className="mb-4 text-sm font-semibold text-zinc-900">{title}</h2>
      {children}
    </section>
  );
}

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="mt-1 text-sm font-medium text-zinc-900">{children}</dd>
    </div>
  );
}

function paymentMethodLabel(s: SubscriptionRow): string {
  return formatPaymentMethod({ type: s.paymentMethodType, brand: s.paymentMethodBrand, last4: s.paymentMethodLast4, expMonth: s.paymentMethodExpMonth, expYear: s.paymentMethodExpYear });
}

export default async function BillingPage({ searchParams }: PageProps<'/billing'>) {
  const user = await requireUser('/billing');
  const { change, changed, done, from } = await searchParams;
  const fromPortal = from === 'portal';
  const portalRead = fromPortal ? await refreshAfterPortal(user.id) : false;
  const { subscription, plan, invoices, notices } = await getBillingOverview(user.id);
  const live = subscription && isLive(subscription);
  const renews = live && !subscription.cancelAtPeriodEnd && !subscription.cancelAt;
  const planName = plan?.name ?? 'your plan';
  // What the last action did, said only while it is still true (the address can be typed by anyone).
  const confirmation =
    typeof changed === 'string' && plan?.id === changed ? (
      <span data-testid="plan-changed">You are now on {plan.name}.</span>
    ) : done === 'canceled' && live && !renews ? (
      <>
        Your subscription is canceled. You keep {planName} until {formatDate(subscription.cancelAt ?? subscription.currentPeriodEnd)}, and you will not be charged
        again.
      </>
    ) : done === 'resumed' && renews ? (
      <>
        Your subscription is back on. {planName} renews on {formatDate(subscription.currentPeriodEnd)}.
      </>
    ) : fromPortal ? (
      portalRead ? (
        <>Welcome back. Everything you changed in the billing portal is shown below.</>
      ) : (
        <>Welcome back. What you changed in the billing portal can take a minute to show here.</>
      )
    ) : null;

  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold tracking-tight">Billing</h1>
        <ActionButton action={openBillingPortal} label="Manage billing" pendingLabel="Opening portal…" />
      </div>

      {confirmation ? (
        <Confirmation key={`${String(changed)} ${String(done)} ${String(from)}`} testId="action-confirmation">
          {confirmation}
        </Confirmation>
      ) : null}
      <BillingNotices notices={notices} />
      {subscription ? <SubscriptionNotices subscription={subscription} /> : null}

      <Section title="Plan">
        {subscription ? (
          <dl className="grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
            <Detail label="Plan">
              <span className="flex items-center gap-2">
                <span data-testid="plan-name">{plan?.name ?? 'Your plan'}</span>
                <StatusBadge status={subscription.status} />
              </span>
            </Detail>
            <Detail label="Price">
              {subscription.unitAmount !== null ? `${formatMoney(subscription.unitAmount, subscription.currency)} / ${subscription.interval ?? 'month'}` : '—'}
            </Detail>
            <Detail label={renews ? 'Next renewal' : live ? 'Access until' : 'Ended'}>
              {live ? formatDate(subscription.cancelAt ?? subscription.currentPeriodEnd) : formatDate(subscription.endedAt)}
              {renews && subscription.unitAmount !== null ? ` · ${formatMoney(subscription.unitAmount, subscription.currency)}` : ''}
            </Detail>
            <Detail label="Payment method">
              <span data-testid="payment-method">{paymentMethodLabel(subscription)}</span>
            </Detail>
          </dl>
        ) : (
          <div className="flex items-center justify-between gap-4">
            <p className="text-sm text-zinc-600">You do not have a subscription yet.</p>
            <ButtonLink href="/pricing">See plans</ButtonLink>
          </div>
        )}
        {subscription && !live ? (
          <div className="mt-6">
            <ButtonLink href="/pricing">Subscribe again</ButtonLink>
          </div>
        ) : null}
      </Section>

      {live ? (
        <Section title="Change plan">
          <div className="flex flex-wrap gap-8">
            {PLANS.filter((p) => p.lookupKey !== subscription.priceLookupKey).map((other) => (
              <PlanSwitcher key={other.id} plan={other.id} planName={other.name} autoPreview={change === other.id} />
            ))}
          </div>
          {renews ? (
            <div className="mt-6 border-t border-zinc-100 pt-6">
              <ActionButton
                action={cancelSubscription}
                label="Cancel subscription"
                pendingLabel="Canceling…"
                variant="danger"
                confirm={`Cancel your subscription? You keep ${planName} until ${formatDate(subscription.currentPeriodEnd)}, then it ends and nothing more is charged.`}
                confirmLabel="Cancel subscription"
                dismissLabel="Keep subscription"
              />
            </div>
          ) : null}
        </Section>
      ) : null}

      <Section title="Invoices">
        <InvoiceTable invoices={invoices} />
      </Section>
    </div>
  );
}
