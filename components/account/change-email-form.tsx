'use client';

import { useActionState } from 'react';
import { requestEmailChange } from '@/lib/auth/actions/request-email-change';
import type { ActionState } from '@/lib/actions/validated-action';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';

export function ChangeEmailForm({ hasPassword }: { hasPassword: boolean }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(requestEmailChange, {});
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate>
      <FormField
        label="New email address"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        errors={state.fieldErrors?.email}
      />
      {hasPassword ? (
        <FormField
          label="Current password"
          name="emailChangePassword"
          type="password"
          autoComplete="current-password"
          required
          errors={state.fieldErrors?.emailChangePassword}
        />
      ) : (
        <p className="text-sm text-zinc-600">
          This account has no password yet. To change its email, first set a password with &ldquo;Forgot password?&rdquo; on the
          sign-in page: the link goes to your current address.
        </p>
      )}
      <FormMessage error={state.error} success={state.success} />
      <Button type="submit" disabled={pending}>
        {pending ? 'Sending link…' : 'Change email'}
      </Button>
    </form>
  );
}
