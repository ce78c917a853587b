'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import type { ActionState } from '@/lib/actions/validated-action';
import { Button, buttonClass } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * The one button a mailed link's page shows: pressing it spends the link; then a way on. The page
 * is rendered again after the action (an action that sets a cookie refreshes it, and without
 * JavaScript the form post renders it anew), when its link is spent and reads as invalid: the
 * outcome kept here decides what shows, so the success is not replaced by "link already used".
 */
export function LinkTokenForm({
  action,
  token,
  valid,
  intro,
  invalid,
  label,
  pendingLabel,
  done,
}: {
  action: Action;
  token: string;
  valid: boolean;
  intro: React.ReactNode;
  invalid: React.ReactNode;
  label: string;
  pendingLabel: string;
  done: { href: string; label: string };
}) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(action, {});
  if (state.success && !state.error) {
    return (
      <div className="mt-4 space-y-4">
        <FormMessage success={state.success} />
        <Link href={done.href} className={buttonClass('primary', 'w-full')}>
          {done.label}
        </Link>
      </div>
    );
  }
  if (!valid && !state.error) return <>{invalid}</>;
  return (
    <>
      {intro}
      <form action={formAction} className="space-y-4">
        <input type="hidden" name="token" value={token} />
        <FormMessage error={state.error} />
        {valid ? (
          <Button type="submit" className="w-full" disabled={pending}>
            {pending ? pendingLabel : label}
          </Button>
        ) : null}
      </form>
    </>
  );
}
