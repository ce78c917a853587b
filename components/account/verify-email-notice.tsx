import { ActionButton } from '@/components/billing/action-button';
import { resendVerification } from '@/lib/auth/actions/resend-verification';

/** Shown where an unverified user would pay: what to do first, and a way to get a new link. */
export function VerifyEmailNotice({ email }: { email: string | null }) {
  return (
    <div className="rounded-xl border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-800" data-testid="verify-email-notice">
      <p className="font-medium">Confirm your email address first</p>
      <p className="mt-1 mb-3">
        Before you subscribe, open the link we sent to {email ? <strong>{email}</strong> : 'your address'}. No mail? Send a new link.
      </p>
      <ActionButton action={resendVerification} label="Resend the link" pendingLabel="Sending…" />
    </div>
  );
}
