'use client';

import { useActionState } from 'react';
import type { ActionState } from '@/lib/actions/validated-action';
import { dismissBillingNotice } from '@/lib/billing/actions/dismiss-billing-notice';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';

/** Dismisses one billing notice; the server checks it is the signed-in user's own. */
export function DismissNoticeButton({ noticeId, label, pendingLabel }: { noticeId: string; label: string; pendingLabel: string }) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(dismissBillingNotice, {});
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="noticeId" value={noticeId} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? pendingLabel : label}
      </Button>
      <FormMessage error={state.error} />
    </form>
  );
}
