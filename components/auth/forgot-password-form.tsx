'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { requestPasswordReset } from '@/lib/auth/actions/request-password-reset';
import type { ActionState } from '@/lib/actions/validated-action';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';
import type { Messages } from '@/lib/i18n/messages';

export function ForgotPasswordForm({ email, labels }: { email?: string; labels: Messages['auth']['forgotPassword']['form'] }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(requestPasswordReset, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormField
        label={labels.email}
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email ?? email}
        errors={state.fieldErrors?.email}
      />
      <FormMessage error={state.error} success={state.success} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? labels.submitting : state.success ? labels.submitAgain : labels.submit}
      </Button>
      <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
        {labels.remembered}{' '}
        <Link href="/sign-in" className="font-medium text-brand-600 hover:underline dark:text-indigo-400">
          {labels.signIn}
        </Link>
      </p>
    </form>
  );
}
