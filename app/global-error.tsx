'use client';

import { buttonClass } from '@/components/ui/button-class';
import './globals.css';

// Shown when the root layout itself fails. Next.js's built-in one styles itself with inline
// styles, which the Content-Security-Policy (proxy.ts) refuses; this one uses the site's stylesheet.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 px-6 text-center">
          <h1 className="text-2xl font-semibold tracking-tight">Something went wrong</h1>
          <p className="text-zinc-600">Please try again. If it keeps happening, come back a little later.</p>
          <button type="button" onClick={reset} className={buttonClass()}>
            Try again
          </button>
          {error.digest ? <p className="text-xs text-zinc-500">Error {error.digest}</p> : null}
        </main>
      </body>
    </html>
  );
}
