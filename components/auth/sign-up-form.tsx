'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { signUp } from '@/lib/auth/actions/sign-up';
import type { ActionState } from '@/lib/actions/validated-action';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';
import type { Messages } from '@/lib/i18n/messages';

type Labels = Messages['auth']['signUp']['form'];

export function SignUpForm({ callbackUrl, labels }: { callbackUrl?: string; labels: Labels }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(signUp, {});
  const signInHref = callbackUrl ? `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}` : '/sign-in';
  if (state.success && !state.error) return <CheckYourEmail email={state.values?.email ?? ''} signInHref={signInHref} labels={labels} />;
  return (
    <form action={action} className="space-y-4" noValidate>
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <FormField label={labels.name} name="name" defaultValue={state.values?.name} autoComplete="name" placeholder={labels.namePlaceholder} errors={state.fieldErrors?.name} />
      <FormField label={labels.email} name="email" defaultValue={state.values?.email} type="email" autoComplete="email" required errors={state.fieldErrors?.email} />
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
      <FormMessage error={state.error} success={state.success} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? labels.submitting : labels.submit}
      </Button>
      <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
        {labels.haveAccount}{' '}
        <Link href={signInHref} className="font-medium text-brand-600 hover:underline dark:text-indigo-400">
          {labels.signIn}
        </Link>
      </p>
    </form>
  );
}

/** The one answer to every accepted sign-up, new address or not (lib/auth/actions/sign-up.ts). */
function CheckYourEmail({ email, signInHref, labels }: { email: string; signInHref: string; labels: Labels }) {
  // The message's one argument, placed by hand: client components get raw texts, not next-intl.
  const [before = '', after = ''] = labels.sentBody.split('{email}');
  return (
    <div className="space-y-4" data-testid="sign-up-sent">
      <div role="status" className="rounded-xl border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800 dark:border-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-300">
        <p className="font-medium">{labels.sentTitle}</p>
        <p className="mt-1">
          {before}
          <strong>{email}</strong>
          {after}
        </p>
      </div>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{labels.noMail}</p>
      <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
        <Link href={signInHref} className="font-medium text-brand-600 hover:underline dark:text-indigo-400">
          {labels.signIn}
        </Link>
      </p>
    </div>
  );
}
