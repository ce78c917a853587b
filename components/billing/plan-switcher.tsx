'use client';

import { useActionState, useEffect, useRef } from 'react';
import { changePlan } from '@/lib/billing/actions/change-plan';
import { previewPlanChange } from '@/lib/billing/actions/preview-plan-change';
import type { ActionState } from '@/lib/actions/validated-action';
import type { PlanChangePreview } from '@/lib/billing/plan-change';
import type { PlanId } from '@/lib/billing/plans';
import { formatDate, formatMoney } from '@/lib/format';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { Spinner } from '@/components/ui/spinner';

/** Switch plans in two steps: see what it costs today (Stripe's own preview), then confirm. */
export function PlanSwitcher({ plan, planName, autoPreview }: { plan: PlanId; planName: string; autoPreview: boolean }) {
  const [preview, requestPreview, previewing] = useActionState<ActionState<PlanChangePreview>, FormData>(previewPlanChange, {});
  const [result, confirm, confirming] = useActionState<ActionState, FormData>(changePlan, {});
  const previewForm = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (autoPreview) previewForm.current?.requestSubmit();
  }, [autoPreview]);

  const data = preview.data;
  // A confirm that failed used up its preview (one attempt per preview), so its figures are no
  // longer on offer: the switch button above asks for fresh ones. An error from an earlier
  // preview's confirm is not shown once a new preview is on screen.
  const confirmFailedHere = Boolean(result.error) && result.values?.previewId === data?.previewId;
  return (
    <div className="space-y-4" data-testid={`switch-${plan}`}>
      <form ref={previewForm} action={requestPreview}>
        <input type="hidden" name="plan" value={plan} />
        <Button type="submit" variant="secondary" disabled={previewing || confirming}>
          {previewing ? (
            <>
              <Spinner />
              Calculating…
            </>
          ) : (
            `Switch to ${planName}`
          )}
        </Button>
      </form>
      <FormMessage error={preview.error} pending={previewing ? `Calculating what switching to ${planName} costs…` : undefined} />
      {data && !result.success && !confirmFailedHere ? (
        <div className="rounded-xl border border-zinc-200 bg-zinc-50 p-4 text-sm">
          <dl className="space-y-1">
            <div className="flex justify-between gap-6">
              <dt className="text-zinc-600">{data.amountDueNow > 0 ? 'Due today (prorated)' : 'Due today'}</dt>
              <dd className="font-medium" data-testid="amount-due-now">
                {formatMoney(data.amountDueNow, data.currency)}
              </dd>
            </div>
            {data.prorationAmount < 0 ? (
              <div className="flex justify-between gap-6">
                <dt className="text-zinc-600">Credit for unused time</dt>
                <dd className="font-medium">{formatMoney(-data.prorationAmount, data.currency)}</dd>
              </div>
            ) : null}
            <div className="flex justify-between gap-6">
              <dt className="text-zinc-600">Then, from {formatDate(data.nextInvoiceAt)}</dt>
              <dd className="font-medium">{formatMoney(data.nextAmount, data.currency)} / month</dd>
            </div>
          </dl>
          <form action={confirm} className="mt-4">
            <input type="hidden" name="plan" value={plan} />
            <input type="hidden" name="previewId" value={data.previewId} />
            <Button type="submit" disabled={confirming}>
              {confirming ? (
                <>
                  <Spinner />
                  Switching to {planName}…
                </>
              ) : (
                `Confirm switch to ${planName}`
              )}
            </Button>
          </form>
        </div>
      ) : null}
      <FormMessage error={confirmFailedHere ? result.error : undefined} success={result.success} pending={confirming ? `Switching to ${planName}…` : undefined} />
    </div>
  );
}
