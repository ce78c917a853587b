'use client';

import { useActionState } from 'react';
import { resetPassword } from '@/lib/auth/actions/reset-password';
import type { ActionState } from '@/lib/actions/validated-action';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';
import type { Messages } from '@/lib/i18n/messages';

export function ResetPasswordForm({ token, email, labels }: { token: string; email: string; labels: Messages['auth']['resetPassword']['form'] }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(resetPassword, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      {/* For password managers: which account the new password belongs to. */}
      <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
      <FormField
        label={labels.password}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        hint={labels.passwordHint}
        errors={state.fieldErrors?.password}
      />
      <FormMessage error={state.error} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? labels.submitting : labels.submit}
      </Button>
    </form>
  );
}
