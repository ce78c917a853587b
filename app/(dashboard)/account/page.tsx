import type { Metadata } from 'next';
import { ChangeEmailForm } from '@/components/account/change-email-form';
import { ChangeNameForm } from '@/components/account/change-name-form';
import { ChangePasswordForm } from '@/components/account/change-password-form';
import { DeleteAccountForm } from '@/components/account/delete-account-form';
import { VerifyEmailNotice } from '@/components/account/verify-email-notice';
import { ActionButton } from '@/components/billing/action-button';
import { signOutEverywhere } from '@/lib/auth/actions/sign-out-everywhere';
import { currentEmailOf } from '@/lib/auth/email-verification';
import { PASSWORD_MIN_LENGTH } from '@/lib/auth/password';
import { userHasPassword } from '@/lib/auth/password-change';
import { requireUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Account' };

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
    <section className={`rounded-2xl border bg-white p-6 ${tone === 'danger' ? 'border-red-200' : 'border-zinc-200'}`}>
      <h2 className="text-sm font-semibold text-zinc-900">{title}</h2>
      <p className={`mt-1 text-sm text-zinc-600 ${children ? 'mb-4' : ''}`}>{description}</p>
      {children}
    </section>
  );
}

export default async function AccountPage() {
  const user = await requireUser('/account');
  // From the database, not the session: the session's copy of the name and address is from sign-in.
  const [hasPassword, account] = await Promise.all([userHasPassword(user.id), currentEmailOf(user.id)]);
  const email = account?.email ?? user.email;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Account</h1>
        <p className="mt-1 text-zinc-600" data-testid="account-email">
          Signed in as {email}.
        </p>
      </div>

      {account && !account.verified ? <VerifyEmailNotice email={account.email} /> : null}

      <Section title="Name" description="How we greet you in the app and in mail.">
        <ChangeNameForm name={account?.name ?? user.name} />
      </Section>

      <Section
        title="Email address"
        description="We send a link to the new address; the change takes effect when you open it. Your receipts from Stripe follow it."
      >
        <ChangeEmailForm hasPassword={hasPassword} />
      </Section>

      {hasPassword ? (
        <Section title="Password" description="Changing your password signs out every other device; this one stays signed in.">
          <ChangePasswordForm email={email} minLength={PASSWORD_MIN_LENGTH} />
        </Section>
      ) : (
        <Section title="Password" description="You sign in with GitHub, so this account has no password to change." />
      )}

      <Section title="Sessions" description="Signs you out on every device and browser, this one included.">
        <ActionButton
          action={signOutEverywhere}
          label="Sign out of all devices"
          pendingLabel="Signing out…"
          variant="danger"
          confirm="Sign out on every device, including this one?"
        />
      </Section>

      <Section
        title="Delete account"
        tone="danger"
        description={
          hasPassword
            ? 'Cancels your subscription at once, without a refund for the rest of the period, and removes your account and its data. This cannot be undone.'
            : 'Cancels your subscription at once, without a refund for the rest of the period, and removes your account and its data. We email you a link to confirm. This cannot be undone.'
        }
      >
        <DeleteAccountForm hasPassword={hasPassword} />
      </Section>
    </div>
  );
}
