'use client';

import { useActionState } from 'react';
import { changePassword } from '@/lib/auth/actions/change-password';
import type { ActionState } from '@/lib/actions/validated-action';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';

export function ChangePasswordForm({ email, minLength }: { email: string | null; minLength: number }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(changePassword, {});
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate>
      {/* Lets password managers file the new password under the right account. */}
      {email ? <input type="text" name="username" autoComplete="username" value={email} readOnly hidden /> : null}
      <FormField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        errors={state.fieldErrors?.currentPassword}
      />
      <FormField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        minLength={minLength}
        hint={`At least ${minLength} characters, and hard to guess.`}
        errors={state.fieldErrors?.newPassword}
      />
      <FormField
        label="Repeat the new password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        errors={state.fieldErrors?.confirmPassword}
      />
      <FormMessage error={state.error} success={state.success} />
      <Button type="submit" disabled={pending}>
        {pending ? 'Changing password…' : 'Change password'}
      </Button>
    </form>
  );
}
