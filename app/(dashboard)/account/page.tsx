import type { Metadata } from 'next';
import { ChangePasswordForm } from '@/components/account/change-password-form';
import { ActionButton } from '@/components/billing/action-button';
import { signOutEverywhere } from '@/lib/auth/actions/sign-out-everywhere';
import { PASSWORD_MIN_LENGTH } from '@/lib/auth/password';
import { userHasPassword } from '@/lib/auth/password-change';
import { requireUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Account' };

function Section({ title, description, children }: { title: string; description: string; children?: React.ReactNode }) {
  return (
    <section className="rounded-2xl border border-zinc-200 bg-white p-6">
      <h2 className="text-sm font-semibold text-zinc-900">{title}</h2>
      <p className={`mt-1 text-sm text-zinc-600 ${children ? 'mb-4' : ''}`}>{description}</p>
      {children}
    </section>
  );
}

export default async function AccountPage() {
  const user = await requireUser('/account');
  const hasPassword = await userHasPassword(user.id);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Account</h1>
        <p className="mt-1 text-zinc-600">Signed in as {user.email}.</p>
      </div>

      {hasPassword ? (
        <Section title="Password" description="Changing your password signs out every other device; this one stays signed in.">
          <ChangePasswordForm email={user.email} minLength={PASSWORD_MIN_LENGTH} />
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
    </div>
  );
}
