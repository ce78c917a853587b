'use client';

import { useActionState } from 'react';
import { startCheckout } from '@/lib/billing/actions/start-checkout';
import type { ActionState } from '@/lib/actions/validated-action';
import type { PlanId } from '@/lib/billing/plans';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { Spinner } from '@/components/ui/spinner';

export function SubscribeButton({ plan, label, pendingLabel, highlighted }: { plan: PlanId; label: string; pendingLabel: string; highlighted: boolean }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(startCheckout, {});
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="plan" value={plan} />
      <Button type="submit" variant={highlighted ? 'primary' : 'secondary'} className="w-full" disabled={pending}>
        {pending ? (
          <>
            <Spinner />
            {pendingLabel}
          </>
        ) : (
          label
        )}
      </Button>
      <FormMessage error={state.error} pending={pending ? pendingLabel : undefined} />
    </form>
  );
}
