'use client';

import { useActionState } from 'react';
import { confirmAccountDeletion, deleteAccount } from '@/lib/auth/actions/delete-account';
import type { ActionState } from '@/lib/actions/validated-action';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';

/**
 * With `token`: the mailed link's page for accounts without a password. Without: the account
 * page's form (password, or a link mailed for password-less accounts).
 */
export function DeleteAccountForm({ hasPassword, token }: { hasPassword: boolean; token?: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(token ? confirmAccountDeletion : deleteAccount, {});
  const mailsLink = !hasPassword && !token;
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate>
      {token ? <input type="hidden" name="token" value={token} /> : null}
      {hasPassword && !token ? (
        <FormField
          label="Current password"
          name="deletePassword"
          type="password"
          autoComplete="current-password"
          required
          errors={state.fieldErrors?.deletePassword}
        />
      ) : null}
      <FormField
        label="Type DELETE to confirm"
        name="confirm"
        autoComplete="off"
        required
        defaultValue={state.values?.confirm}
        errors={state.fieldErrors?.confirm}
      />
      <FormMessage error={state.error} success={state.success} />
      <Button type="submit" variant="danger" disabled={pending}>
        {pending ? (mailsLink ? 'Sending link…' : 'Deleting account…') : mailsLink ? 'Email me a deletion link' : 'Delete my account'}
      </Button>
    </form>
  );
}
