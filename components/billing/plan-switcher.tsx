'use client';

import { useActionState, useEffect, useRef } from 'react';
import { changePlan } from '@/lib/billing/actions/change-plan';
import { previewPlanChange } from '@/lib/billing/actions/preview-plan-change';
import type { ActionState } from '@/lib/actions/validated-action';
import type { PlanChangeOffer } from '@/lib/billing/actions/preview-plan-change';
import type { PlanId } from '@/lib/billing/plans';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { Spinner } from '@/components/ui/spinner';

/** What the switcher says, in the reader's language, about switching to its plan. */
export type PlanSwitcherLabels = {
  /** "Switch to Premium" */
  switchTo: string;
  calculating: string;
  /** "Calculating what switching to Premium costs…" */
  calculatingCost: string;
  /** "Switching to Premium…" */
  switching: string;
  /** "Confirm switch to Premium" */
  confirm: string;
};

/**
 * Switch plans in two steps: see what it costs today (Stripe's own preview, its figures written
 * out by the server), then confirm.
 */
export function PlanSwitcher({ plan, labels, autoPreview }: { plan: PlanId; labels: PlanSwitcherLabels; autoPreview: boolean }) {
  const [preview, requestPreview, previewing] = useActionState<ActionState<PlanChangeOffer>, FormData>(previewPlanChange, {});
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
              {labels.calculating}
            </>
          ) : (
            labels.switchTo
          )}
        </Button>
      </form>
      <FormMessage error={preview.error} pending={previewing ? labels.calculatingCost : undefined} />
      {data && !result.success && !confirmFailedHere ? (
        <div className="rounded-xl border border-zinc-200 bg-zinc-50 p-4 text-sm dark:border-zinc-800 dark:bg-zinc-950">
          <dl className="space-y-1">
            <div className="flex justify-between gap-6">
              <dt className="text-zinc-600 dark:text-zinc-400">{data.dueNow.label}</dt>
              <dd className="font-medium" data-testid="amount-due-now">
                {data.dueNow.amount}
              </dd>
            </div>
            {data.credit ? (
              <div className="flex justify-between gap-6">
                <dt className="text-zinc-600 dark:text-zinc-400">{data.credit.label}</dt>
                <dd className="font-medium">{data.credit.amount}</dd>
              </div>
            ) : null}
            <div className="flex justify-between gap-6">
              <dt className="text-zinc-600 dark:text-zinc-400">{data.then.label}</dt>
              <dd className="font-medium">{data.then.amount}</dd>
            </div>
          </dl>
          <form action={confirm} className="mt-4">
            <input type="hidden" name="plan" value={plan} />
            <input type="hidden" name="previewId" value={data.previewId} />
            <Button type="submit" disabled={confirming}>
              {confirming ? (
                <>
                  <Spinner />
                  {labels.switching}
                </>
              ) : (
                labels.confirm
              )}
            </Button>
          </form>
        </div>
      ) : null}
      <FormMessage error={confirmFailedHere ? result.error : undefined} success={result.success} pending={confirming ? labels.switching : undefined} />
    </div>
  );
}
