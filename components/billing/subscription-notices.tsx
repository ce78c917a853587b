import { getTranslations } from 'next-intl/server';
import type { SubscriptionRow } from '@/db/schema';
import { resumeSubscription } from '@/lib/billing/actions/resume-subscription';
import { openBillingPortal } from '@/lib/billing/actions/open-billing-portal';
import type { BillingNotice } from '@/lib/billing/billing-notices';
import { Notice } from '@/components/ui/notice';
import { ActionButton } from './action-button';
import { billingFormat } from './billing-format';
import { DismissNoticeButton } from './dismiss-notice-button';

/** What was done to the user's billing without them asking, until they dismiss it. */
export async function BillingNotices({ notices }: { notices: BillingNotice[] }) {
  const [t, format] = await Promise.all([getTranslations('billing.notices'), billingFormat()]);
  return notices.map((notice) => (
    <Notice key={notice.id} tone="warning">
      <div className="flex items-start justify-between gap-4" data-testid="duplicate-subscription-notice">
        <p>
          <span className="font-medium">{t('subscribedTwice')}</span>{' '}
          {notice.amount && notice.currency
            ? t('duplicateRefunded', { amount: format.money(notice.amount, notice.currency) })
            : t('duplicateNotCharged')}
        </p>
        <DismissNoticeButton noticeId={notice.id} label={t('dismiss')} pendingLabel={t('dismissing')} />
      </div>
    </Notice>
  ));
}

/** The one thing about the subscription that needs the user's attention, if any. */
export async function SubscriptionNotices({ subscription }: { subscription: SubscriptionRow }) {
  const [t, format] = await Promise.all([getTranslations('billing.notices'), billingFormat()]);
  if (subscription.status === 'past_due' || subscription.status === 'unpaid') {
    return (
      <Notice tone="danger">
        <p className="font-medium">{t('paymentFailed')}</p>
        <p className="mt-1">{t('updateToKeepAccess')}</p>
        <div className="mt-3">
          <ActionButton action={openBillingPortal} label={t('updatePaymentMethod')} pendingLabel={t('opening')} variant="primary" />
        </div>
      </Notice>
    );
  }
  if (subscription.status !== 'canceled' && (subscription.cancelAtPeriodEnd || subscription.cancelAt)) {
    return (
      <Notice tone="warning">
        <p className="font-medium" data-testid="cancel-banner">
          {t('endsOn', { date: format.date(subscription.cancelAt ?? subscription.currentPeriodEnd) })}
        </p>
        <p className="mt-1">{t('keepAccessUntilThen')}</p>
        <div className="mt-3">
          <ActionButton action={resumeSubscription} label={t('keepMySubscription')} pendingLabel={t('resuming')} variant="primary" />
        </div>
      </Notice>
    );
  }
  if (subscription.status === 'trialing') {
    return <Notice>{t('trialEndsOn', { date: format.date(subscription.trialEnd) })}</Notice>;
  }
  if (subscription.status === 'canceled') {
    return <Notice>{t('endedOn', { date: format.date(subscription.endedAt ?? subscription.canceledAt) })}</Notice>;
  }
  return null;
}
