'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { requestPasswordReset } from '@/lib/auth/actions/request-password-reset';
import type { ActionState } from '@/lib/actions/validated-action';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';

export function ForgotPasswordForm({ email }: { email?: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(requestPasswordReset, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email ?? email}
        errors={state.fieldErrors?.email}
      />
      <FormMessage error={state.error} success={state.success} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Sending…' : state.success ? 'Send another link' : 'Send reset link'}
      </Button>
      <p className="text-center text-sm text-zinc-600">
        Remembered it?{' '}
        <Link href="/sign-in" className="font-medium text-brand-600 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
