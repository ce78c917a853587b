'use client';

import { buttonClass } from '@/components/ui/button-class';
import './globals.css';

// Shown when the root layout itself fails. Next.js's built-in one styles itself with inline
// styles, which the Content-Security-Policy (proxy.ts) refuses; this one uses the site's stylesheet.
//
// It replaces the root layout, so it has neither the request's language nor next-intl (a client
// component, and the layout that loads messages is what failed): it says the little it has to say
// in every language the app speaks, each marked with its `lang`. The theme follows the system.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en" data-theme="system">
      <body className="min-h-screen font-sans">
        <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 px-6 text-center">
          <h1 className="text-2xl font-semibold tracking-tight">Something went wrong</h1>
          <p className="text-zinc-600 dark:text-zinc-400">Please try again. If it keeps happening, come back a little later.</p>
          <div lang="fr" className="space-y-1">
            <p className="font-semibold">Une erreur s’est produite</p>
            <p className="text-zinc-600 dark:text-zinc-400">Veuillez réessayer. Si le problème persiste, revenez un peu plus tard.</p>
          </div>
          <button type="button" onClick={reset} className={buttonClass()}>
            Try again <span lang="fr">· Réessayer</span>
          </button>
          {error.digest ? (
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              Error <span lang="fr">· Erreur</span> {error.digest}
            </p>
          ) : null}
        </main>
      </body>
    </html>
  );
}
