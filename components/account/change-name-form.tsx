'use client';

import { useActionState } from 'react';
import { changeName } from '@/lib/auth/actions/change-name';
import type { ActionState } from '@/lib/actions/validated-action';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';

export type ChangeNameLabels = { name: string; submit: string; pending: string };

export function ChangeNameForm({ name, labels }: { name: string | null; labels: ChangeNameLabels }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(changeName, {});
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate>
      <FormField
        label={labels.name}
        name="name"
        autoComplete="name"
        required
        maxLength={100}
        defaultValue={state.values?.name ?? name ?? ''}
        errors={state.fieldErrors?.name}
      />
      <FormMessage error={state.error} success={state.success} />
      <Button type="submit" disabled={pending}>
        {pending ? labels.pending : labels.submit}
      </Button>
    </form>
  );
}
