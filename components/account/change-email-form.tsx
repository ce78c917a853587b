'use client';

import { useActionState } from 'react';
import { requestEmailChange } from '@/lib/auth/actions/request-email-change';
import type { ActionState } from '@/lib/actions/validated-action';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';

export type ChangeEmailLabels = {
  newEmail: string;
  currentPassword: string;
  noPassword: string;
  submit: string;
  pending: string;
};

export function ChangeEmailForm({ hasPassword, labels }: { hasPassword: boolean; labels: ChangeEmailLabels }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(requestEmailChange, {});
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate>
      <FormField
        label={labels.newEmail}
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        errors={state.fieldErrors?.email}
      />
      {hasPassword ? (
        <FormField
          label={labels.currentPassword}
          name="emailChangePassword"
          type="password"
          autoComplete="current-password"
          required
          errors={state.fieldErrors?.emailChangePassword}
        />
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{labels.noPassword}</p>
      )}
      <FormMessage error={state.error} success={state.success} />
      <Button type="submit" disabled={pending}>
        {pending ? labels.pending : labels.submit}
      </Button>
    </form>
  );
}
