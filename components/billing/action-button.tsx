'use client';

import { useActionState, useId, useRef } from 'react';
import type { ActionState } from '@/lib/actions/validated-action';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { Spinner } from '@/components/ui/spinner';

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** With `confirm`, the question the dialog asks before the action runs, and its two answers. */
type Confirmation =
  | { confirm?: undefined; confirmLabel?: undefined; dismissLabel?: undefined }
  | { confirm: string; confirmLabel?: string; dismissLabel: string };

/**
 * A one-button form for an action that takes no input: cancel, resume, open the portal. With
 * `confirm`, the button first opens a modal dialog asking that question. A native <dialog> opened
 * with showModal() keeps Tab inside it, closes on Escape and gives focus back to the button; the
 * harmless choice has focus when it opens.
 */
export function ActionButton({
  action,
  label,
  pendingLabel,
  variant = 'secondary',
  confirm,
  confirmLabel = label,
  dismissLabel,
}: {
  action: Action;
  label: string;
  pendingLabel: string;
  variant?: 'primary' | 'secondary' | 'danger';
} & Confirmation) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(action, {});
  const dialog = useRef<HTMLDialogElement>(null);
  const dismiss = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const face = pending ? (
    <>
      <Spinner />
      {pendingLabel}
    </>
  ) : (
    label
  );
  return (
    <form action={formAction} onSubmit={() => dialog.current?.close()} className="space-y-2">
      {confirm ? (
        <>
          <Button type="button" variant={variant} disabled={pending} aria-haspopup="dialog" onClick={() => {
              dialog.current?.showModal();
              dismiss.current?.focus();
            }}
          >
            {face}
          </Button>
          <dialog
            ref={dialog}
            aria-labelledby={titleId}
            className="m-auto w-full max-w-md rounded-2xl border border-zinc-200 bg-white p-6 text-zinc-900 shadow-xl backdrop:bg-zinc-900/40 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100 dark:backdrop:bg-black/60"
          >
            <h2 id={titleId} className="text-base font-semibold">
              {confirm}
            </h2>
            <div className="mt-6 flex flex-wrap justify-end gap-3">
              <Button ref={dismiss} type="button" variant="secondary" onClick={() => dialog.current?.close()}>
                {dismissLabel}
              </Button>
              <Button type="submit" variant={variant}>
                {confirmLabel}
              </Button>
            </div>
          </dialog>
        </>
      ) : (
        <Button type="submit" variant={variant} disabled={pending}>
          {face}
        </Button>
      )}
      <FormMessage error={state.error} success={state.success} pending={pending ? pendingLabel : undefined} />
    </form>
  );
}
