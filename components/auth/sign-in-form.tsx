'use client';

import Link from 'next/link';
import { useActionState, useState } from 'react';
import { requestMagicLink } from '@/lib/auth/actions/request-magic-link';
import { signIn } from '@/lib/auth/actions/sign-in';
import type { ActionState } from '@/lib/actions/validated-action';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';
import type { Messages } from '@/lib/i18n/messages';

/**
 * One email field, two ways in: the password, or a sign-in link mailed to the address (the
 * second button posts the same form to another action). Whichever was pressed last says what
 * the form shows.
 */
export function SignInForm({ callbackUrl, labels }: { callbackUrl?: string; labels: Messages['auth']['signIn']['form'] }) {
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
      <FormField label={labels.email} name="email" defaultValue={email} type="email" autoComplete="email" required errors={state.fieldErrors?.email} />
      <div className="space-y-1.5">
        <FormField
          label={labels.password}
          name="password"
          type="password"
          autoComplete="current-password"
          errors={way === 'password' ? passwordState.fieldErrors?.password : undefined}
        />
        <p className="text-right text-sm">
          <Link href="/forgot-password" className="font-medium text-brand-600 hover:underline dark:text-indigo-400">
            {labels.forgotPassword}
          </Link>
        </p>
      </div>
      <FormMessage error={state.error} success={state.success} />
      <Button type="submit" className="w-full" disabled={pending} onClick={() => setWay('password')}>
        {passwordPending ? labels.submitting : labels.submit}
      </Button>
      <div className="flex items-center gap-3 text-xs text-zinc-500 dark:text-zinc-400">
        <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" /> {labels.orWithoutPassword} <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
      </div>
      <Button type="submit" variant="secondary" className="w-full" formAction={linkAction} disabled={pending} onClick={() => setWay('link')}>
        {linkPending ? labels.sendingLink : labels.sendLink}
      </Button>
      <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
        {labels.newHere}{' '}
        <Link href={signUpHref} className="font-medium text-brand-600 hover:underline dark:text-indigo-400">
          {labels.createAccount}
        </Link>
      </p>
    </form>
  );
}
