import { githubSignInEnabled } from '@/lib/auth';
import { GitHubButton } from './github-button';

/** The frame of the sign-in and sign-up pages: heading, the optional GitHub button, then the form. */
export function AuthCard({
  title,
  subtitle,
  callbackUrl,
  children,
}: {
  title: string;
  subtitle: string;
  callbackUrl?: string;
  children: React.ReactNode;
}) {
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600">{subtitle}</p>
      {githubSignInEnabled ? (
        <div className="mb-6 space-y-6">
          <GitHubButton callbackUrl={callbackUrl} />
          <div className="flex items-center gap-3 text-xs text-zinc-500">
            <span className="h-px flex-1 bg-zinc-200" /> or with email <span className="h-px flex-1 bg-zinc-200" />
          </div>
        </div>
      ) : null}
      {children}
    </>
  );
}
