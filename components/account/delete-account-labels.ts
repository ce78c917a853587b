import 'server-only';
import { getTranslations } from 'next-intl/server';
import type { DeleteAccountLabels } from './delete-account-form';

/** The deletion form's texts in the request's language: the account page and the mailed link's page both show it. */
export async function deleteAccountLabels(): Promise<DeleteAccountLabels> {
  const t = await getTranslations('account.delete');
  return {
    currentPassword: t('currentPassword'),
    confirm: t('confirm'),
    submit: t('submit'),
    pending: t('pending'),
    mailSubmit: t('mailSubmit'),
    mailPending: t('mailPending'),
  };
}
