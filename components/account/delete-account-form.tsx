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
export type DeleteAccountLabels = {
  currentPassword: string;
  confirm: string;
  submit: string;
  pending: string;
  mailSubmit: string;
  mailPending: string;
};

export function DeleteAccountForm({ hasPassword, token, labels }: { hasPassword: boolean; token?: string; labels: DeleteAccountLabels }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(token ? confirmAccountDeletion : deleteAccount, {});
  const mailsLink = !hasPassword && !token;
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate>
      {token ? <input type="hidden" name="token" value={token} /> : null}
      {hasPassword && !token ? (
        <FormField
          label={labels.currentPassword}
          name="deletePassword"
          type="password"
          autoComplete="current-password"
          required
          errors={state.fieldErrors?.deletePassword}
        />
      ) : null}
      <FormField
        label={labels.confirm}
        name="confirm"
        autoComplete="off"
        required
        defaultValue={state.values?.confirm}
        errors={state.fieldErrors?.confirm}
      />
      <FormMessage error={state.error} success={state.success} />
      <Button type="submit" variant="danger" disabled={pending}>
        {pending ? (mailsLink ? labels.mailPending : labels.pending) : mailsLink ? labels.mailSubmit : labels.submit}
      </Button>
    </form>
  );
}
