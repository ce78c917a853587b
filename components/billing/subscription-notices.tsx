import type { SubscriptionRow } from '@/db/schema';
import { resumeSubscription } from '@/lib/billing/actions/resume-subscription';
import { openBillingPortal } from '@/lib/billing/actions/open-billing-portal';
import type { BillingNotice } from '@/lib/billing/billing-notices';
import { formatDate, formatMoney } from '@/lib/format';
import { Notice } from '@/components/ui/notice';
import { ActionButton } from './action-button';
import { DismissNoticeButton } from './dismiss-notice-button';

/** What was done to the user's billing without them asking, until they dismiss it. */
export function BillingNotices({ notices }: { notices: BillingNotice[] }) {
  return notices.map((notice) => (
    <Notice key={notice.id} tone="warning">
      <div className="flex items-start justify-between gap-4" data-testid="duplicate-subscription-notice">
        <p>
          <span className="font-medium">You were subscribed twice.</span>{' '}
          {notice.amount && notice.currency
            ? `We canceled the second subscription and refunded ${formatMoney(notice.amount, notice.currency)}; the refund reaches your account in 5 to 10 business days.`
            : 'We canceled the second subscription; nothing had been charged for it.'}
        </p>
        <DismissNoticeButton noticeId={notice.id} />
      </div>
    </Notice>
  ));
}

/** The one thing about the subscription that needs the user's attention, if any. */
export function SubscriptionNotices({ subscription }: { subscription: SubscriptionRow }) {
  if (subscription.status === 'past_due' || subscription.status === 'unpaid') {
    return (
      <Notice tone="danger">
        <p className="font-medium">Your last payment failed.</p>
        <p className="mt-1">Update your payment method to keep your access; we will retry the charge.</p>
        <div className="mt-3">
          <ActionButton action={openBillingPortal} label="Update payment method" pendingLabel="Opening…" variant="primary" />
        </div>
      </Notice>
    );
  }
  if (subscription.status !== 'canceled' && (subscription.cancelAtPeriodEnd || subscription.cancelAt)) {
    return (
      <Notice tone="warning">
        <p className="font-medium" data-testid="cancel-banner">
          Your subscription ends on {formatDate(subscription.cancelAt ?? subscription.currentPeriodEnd)}.
        </p>
        <p className="mt-1">You keep access until then. Changed your mind?</p>
        <div className="mt-3">
          <ActionButton action={resumeSubscription} label="Keep my subscription" pendingLabel="Resuming…" variant="primary" />
        </div>
      </Notice>
    );
  }
  if (subscription.status === 'trialing') {
    return <Notice>Your free trial ends on {formatDate(subscription.trialEnd)}.</Notice>;
  }
  if (subscription.status === 'canceled') {
    return <Notice>Your subscription ended on {formatDate(subscription.endedAt ?? subscription.canceledAt)}.</Notice>;
  }
  return null;
}
