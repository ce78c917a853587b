'use client';

import { useActionState } from 'react';
import { changePassword } from '@/lib/auth/actions/change-password';
import type { ActionState } from '@/lib/actions/validated-action';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';

export type ChangePasswordLabels = {
  currentPassword: string;
  newPassword: string;
  /** Says the minimum length, `minLength`. */
  hint: string;
  repeat: string;
  submit: string;
  pending: string;
};

export function ChangePasswordForm({ email, minLength, labels }: { email: string | null; minLength: number; labels: ChangePasswordLabels }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(changePassword, {});
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate>
      {/* Lets password managers file the new password under the right account. */}
      {email ? <input type="text" name="username" autoComplete="username" value={email} readOnly hidden /> : null}
      <FormField
        label={labels.currentPassword}
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        errors={state.fieldErrors?.currentPassword}
      />
      <FormField
        label={labels.newPassword}
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        minLength={minLength}
        hint={labels.hint}
        errors={state.fieldErrors?.newPassword}
      />
      <FormField
        label={labels.repeat}
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        errors={state.fieldErrors?.confirmPassword}
      />
      <FormMessage error={state.error} success={state.success} />
      <Button type="submit" disabled={pending}>
        {pending ? labels.pending : labels.submit}
      </Button>
    </form>
  );
}
