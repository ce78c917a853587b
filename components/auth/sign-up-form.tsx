'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { signUp } from '@/lib/auth/actions/sign-up';
import type { ActionState } from '@/lib/actions/validated-action';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';

export function SignUpForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(signUp, {});
  const signInHref = callbackUrl ? `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}` : '/sign-in';
  if (state.success && !state.error) return <CheckYourEmail email={state.values?.email ?? ''} signInHref={signInHref} />;
  return (
    <form action={action} className="space-y-4" noValidate>
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <FormField label="Name" name="name" defaultValue={state.values?.name} autoComplete="name" placeholder="Ada Lovelace" errors={state.fieldErrors?.name} />
      <FormField label="Email" name="email" defaultValue={state.values?.email} type="email" autoComplete="email" required errors={state.fieldErrors?.email} />
      <FormField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        hint="At least 8 characters, and hard to guess: a few unrelated words work well."
        errors={state.fieldErrors?.password}
      />
      <FormMessage error={state.error} success={state.success} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Creating account…' : 'Create account'}
      </Button>
      <p className="text-center text-sm text-zinc-600">
        Already have an account?{' '}
        <Link href={signInHref} className="font-medium text-brand-600 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}

/** The one answer to every accepted sign-up, new address or not (lib/auth/actions/sign-up.ts). */
function CheckYourEmail({ email, signInHref }: { email: string; signInHref: string }) {
  return (
    <div className="space-y-4" data-testid="sign-up-sent">
      <div role="status" className="rounded-xl border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800">
        <p className="font-medium">Check your email</p>
        <p className="mt-1">
          We sent a message to <strong>{email}</strong>. Open the link in it to confirm your address; it works for 24 hours.
        </p>
      </div>
      <p className="text-sm text-zinc-600">
        No mail after a few minutes? Look in your spam folder, or sign in and ask for a new link from your account.
      </p>
      <p className="text-center text-sm text-zinc-600">
        <Link href={signInHref} className="font-medium text-brand-600 hover:underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
