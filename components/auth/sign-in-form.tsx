'use client';

import Link from 'next/link';
import { useActionState, useState } from 'react';
import { requestMagicLink } from '@/lib/auth/actions/request-magic-link';
import { signIn } from '@/lib/auth/actions/sign-in';
import type { ActionState } from '@/lib/actions/validated-action';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';

/**
 * One email field, two ways in: the password, or a sign-in link mailed to the address (the
 * second button posts the same form to another action). Whichever was pressed last says what
 * the form shows.
 */
export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const [passwordState, passwordAction, passwordPending] = useActionState<ActionState, FormData>(signIn, {});
  const [linkState, linkAction, linkPending] = useActionState<ActionState, FormData>(requestMagicLink, {});
  const [way, setWay] = useState<'password' | 'link'>('password');
  const state = way === 'link' ? linkState : passwordState;
  const pending = passwordPending || linkPending;
  const email = way === 'link' ? (linkState.values?.email ?? passwordState.values?.email) : (passwordState.values?.email ?? linkState.values?.email);
  const signUpHref = callbackUrl ? `/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}` : '/sign-up';
  return (
    <form action={passwordAction} className="space-y-4" noValidate>
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <FormField label="Email" name="email" defaultValue={email} type="email" autoComplete="email" required errors={state.fieldErrors?.email} />
      <div className="space-y-1.5">
        <FormField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          errors={way === 'password' ? passwordState.fieldErrors?.password : undefined}
        />
        <p className="text-right text-sm">
          <Link href="/forgot-password" className="font-medium text-brand-600 hover:underline">
            Forgot password?
          </Link>
        </p>
      </div>
      <FormMessage error={state.error} success={state.success} />
      <Button type="submit" className="w-full" disabled={pending} onClick={() => setWay('password')}>
        {passwordPending ? 'Signing in…' : 'Sign in'}
      </Button>
      <div className="flex items-center gap-3 text-xs text-zinc-500">
        <span className="h-px flex-1 bg-zinc-200" /> or without a password <span className="h-px flex-1 bg-zinc-200" />
      </div>
      <Button type="submit" variant="secondary" className="w-full" formAction={linkAction} disabled={pending} onClick={() => setWay('link')}>
        {linkPending ? 'Sending link…' : 'Email me a sign-in link'}
      </Button>
      <p className="text-center text-sm text-zinc-600">
        New here?{' '}
        <Link href={signUpHref} className="font-medium text-brand-600 hover:underline">
          Create an account
        </Link>
      </p>
    </form>
  );
}
