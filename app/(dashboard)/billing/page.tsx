import type { Metadata } from 'next';
import type { SubscriptionRow } from '@/db/schema';
import { ActionButton } from '@/components/billing/action-button';
import { InvoiceTable } from '@/components/billing/invoice-table';
import { PlanSwitcher } from '@/components/billing/plan-switcher';
import { StatusBadge } from '@/components/billing/status-badge';
import { BillingNotices, SubscriptionNotices } from '@/components/billing/subscription-notices';
import { ButtonLink } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { requireUser } from '@/lib/auth/session';
import { cancelSubscription } from '@/lib/billing/actions/cancel-subscription';
import { openBillingPortal } from '@/lib/billing/actions/open-billing-portal';
import { getBillingOverview } from '@/lib/billing/billing-overview';
import { PLANS } from '@/lib/billing/plans';
import { isLive } from '@/lib/billing/subscriptions';
import { formatDate, formatMoney } from '@/lib/format';

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

// How Stripe's payment method types read to a customer; card brands come from the card itself.
const METHOD_NAMES: Record<string, string> = {
  sepa_debit: 'SEPA Direct Debit',
  au_becs_debit: 'BECS Direct Debit',
  us_bank_account: 'Bank account',
  klarna: 'Klarna',
  link: 'Link',
};
const BRAND_NAMES: Record<string, string> = { amex: 'American Express', diners: 'Diners Club', mastercard: 'Mastercard', unionpay: 'UnionPay', jcb: 'JCB' };

function paymentMethodLabel(s: SubscriptionRow): string {
  const type = s.paymentMethodType;
  if (!type) return 'None on file';
  const brand = s.paymentMethodBrand;
  const name = brand ? (BRAND_NAMES[brand] ?? `${brand.charAt(0).toUpperCase()}${brand.slice(1)}`) : (METHOD_NAMES[type] ?? type.replace(/_/g, ' '));
  if (!s.paymentMethodLast4) return name;
  const expiry = s.paymentMethodExpMonth && s.paymentMethodExpYear ? ` · expires ${String(s.paymentMethodExpMonth).padStart(2, '0')}/${String(s.paymentMethodExpYear).slice(-2)}` : '';
  return `${name} •••• ${s.paymentMethodLast4}${expiry}`;
}

export default async function BillingPage({ searchParams }: PageProps<'/billing'>) {
  const user = await requireUser('/billing');
  const { change, changed } = await searchParams;
  const { subscription, plan, invoices, notices } = await getBillingOverview(user.id);
  const live = subscription && isLive(subscription);
  const renews = live && !subscription.cancelAtPeriodEnd && !subscription.cancelAt;

  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold tracking-tight">Billing</h1>
        <ActionButton action={openBillingPortal} label="Manage billing" pendingLabel="Opening portal…" />
      </div>

      {typeof changed === 'string' && plan?.id === changed ? (
        <Notice tone="success">
          <span data-testid="plan-changed">You are now on {plan.name}.</span>
        </Notice>
      ) : null}
      <BillingNotices notices={notices} />
      {subscription ? <SubscriptionNotices subscription={subscription} /> : null}

      <Section title="Plan">
        {subscription ? (
          <dl className="grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
            <Detail label="Plan">
              <span className="flex items-center gap-2">
                <span data-testid="plan-name">{plan?.name ?? subscription.priceLookupKey ?? 'Unknown'}</span>
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
                confirm="Cancel at the end of this billing period? You keep access until then."
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
