'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import type { ActionState } from '@/lib/actions/validated-action';
import { Button, buttonClass } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** The one button a mailed link's page shows: pressing it spends the link; then a way on. */
export function LinkTokenForm({
  action,
  token,
  label,
  pendingLabel,
  done,
}: {
  action: Action;
  token: string;
  label: string;
  pendingLabel: string;
  done: { href: string; label: string };
}) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(action, {});
  if (state.success && !state.error) {
    return (
      <div className="space-y-4">
        <FormMessage success={state.success} />
        <Link href={done.href} className={buttonClass('primary', 'w-full')}>
          {done.label}
        </Link>
      </div>
    );
  }
  return (
    <form action={formAction} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      <FormMessage error={state.error} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? pendingLabel : label}
      </Button>
    </form>
  );
}
