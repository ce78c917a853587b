import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ChangeEmailForm } from '@/components/account/change-email-form';
import { ChangeNameForm } from '@/components/account/change-name-form';
import { ChangePasswordForm } from '@/components/account/change-password-form';
import { DeleteAccountForm } from '@/components/account/delete-account-form';
import { deleteAccountLabels } from '@/components/account/delete-account-labels';
import { VerifyEmailNotice } from '@/components/account/verify-email-notice';
import { ActionButton } from '@/components/billing/action-button';
import { signOutEverywhere } from '@/lib/auth/actions/sign-out-everywhere';
import { currentEmailOf } from '@/lib/auth/email-verification';
import { PASSWORD_MIN_LENGTH } from '@/lib/auth/password';
import { userHasPassword } from '@/lib/auth/password-change';
import { requireUser } from '@/lib/auth/session';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('account.page');
  return { title: t('title') };
}

function Section({
  title,
  description,
  children,
  tone = 'default',
}: {
  title: string;
  description: string;
  children?: React.ReactNode;
  tone?: 'default' | 'danger';
}) {
  return (
    <section
      className={`rounded-2xl border bg-white p-6 dark:bg-zinc-900 ${tone === 'danger' ? 'border-red-200 dark:border-red-900' : 'border-zinc-200 dark:border-zinc-800'}`}
    >
      <h2 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">{title}</h2>
      <p className={`mt-1 text-sm text-zinc-600 dark:text-zinc-400 ${children ? 'mb-4' : ''}`}>{description}</p>
      {children}
    </section>
  );
}

export default async function AccountPage() {
  const user = await requireUser('/account');
  // From the database, not the session: the session's copy of the name and address is from sign-in.
  const [hasPassword, account, t, deleteLabels] = await Promise.all([
    userHasPassword(user.id),
    currentEmailOf(user.id),
    getTranslations('account'),
    deleteAccountLabels(),
  ]);
  const email = account?.email ?? user.email;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{t('page.heading')}</h1>
        <p className="mt-1 text-zinc-600 dark:text-zinc-400" data-testid="account-email">
          {t('page.signedInAs', { email: email ?? '' })}
        </p>
      </div>

      {account && !account.verified ? <VerifyEmailNotice email={account.email} /> : null}

      <Section title={t('name.title')} description={t('name.description')}>
        <ChangeNameForm
          name={account?.name ?? user.name}
          labels={{ name: t('name.label'), submit: t('name.submit'), pending: t('name.pending') }}
        />
      </Section>

      <Section title={t('email.title')} description={t('email.description')}>
        <ChangeEmailForm
          hasPassword={hasPassword}
          labels={{
            newEmail: t('email.newEmail'),
            currentPassword: t('email.currentPassword'),
            noPassword: t('email.noPassword'),
            submit: t('email.submit'),
            pending: t('email.pending'),
          }}
        />
      </Section>

      {hasPassword ? (
        <Section title={t('password.title')} description={t('password.description')}>
          <ChangePasswordForm
            email={email}
            minLength={PASSWORD_MIN_LENGTH}
            labels={{
              currentPassword: t('password.currentPassword'),
              newPassword: t('password.newPassword'),
              hint: t('password.hint', { minLength: PASSWORD_MIN_LENGTH }),
              repeat: t('password.repeat'),
              submit: t('password.submit'),
              pending: t('password.pending'),
            }}
          />
        </Section>
      ) : (
        <Section title={t('password.title')} description={t('password.noPassword')} />
      )}

      <Section title={t('sessions.title')} description={t('sessions.description')}>
        <ActionButton
          action={signOutEverywhere}
          label={t('sessions.submit')}
          pendingLabel={t('sessions.pending')}
          variant="danger"
          confirm={t('sessions.confirm')}
          dismissLabel={t('sessions.dismiss')}
        />
      </Section>

      <Section
        title={t('delete.title')}
        tone="danger"
        description={hasPassword ? t('delete.description') : t('delete.descriptionByMail')}
      >
        <DeleteAccountForm hasPassword={hasPassword} labels={deleteLabels} />
      </Section>
    </div>
  );
}
