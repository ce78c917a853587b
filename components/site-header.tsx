import Link from 'next/link';
import { currentUser } from '@/lib/auth/session';
import { ButtonLink } from '@/components/ui/button';
import { Logo } from './logo';

export async function SiteHeader() {
  const user = await currentUser();
  return (
    <header className="border-b border-zinc-200 bg-white/80 backdrop-blur">
      <div className="mx-auto flex h-16 max-w-6xl items-center justify-between px-6">
        <Logo />
        <nav className="flex items-center gap-2 text-sm">
          <Link href="/pricing" className="rounded-lg px-3 py-2 text-zinc-700 hover:bg-zinc-100">
            Pricing
          </Link>
          {user ? (
            <ButtonLink href="/dashboard">Dashboard</ButtonLink>
          ) : (
            <>
              <Link href="/sign-in" className="rounded-lg px-3 py-2 text-zinc-700 hover:bg-zinc-100">
                Sign in
              </Link>
              <ButtonLink href="/sign-up">Get started</ButtonLink>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}
