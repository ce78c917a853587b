'use client';

import { createContext, use } from 'react';

// Every form's error starts with this word (so it is not told by its colour alone). The root layout
// gives it once in the request's language, instead of each form taking it as a prop; English where
// no layout gives it (the global error page).
const ErrorLabel = createContext('Error:');

export function FormMessageLabels({ error, children }: { error: string; children: React.ReactNode }) {
  return <ErrorLabel value={error}>{children}</ErrorLabel>;
}

/**
 * The live region every form uses for its result, so screen readers hear it too: the error or
 * success, and while the action runs, what it is doing (`pending`, read out but not shown twice:
 * the button shows it).
 */
export function FormMessage({ error, success, pending }: { error?: string; success?: string; pending?: string }) {
  const errorLabel = use(ErrorLabel);
  return (
    <div role="status" aria-live="polite" className="text-sm">
      {pending ? <p className="sr-only">{pending}</p> : null}
      {error && !pending ? (
        <p className="rounded-lg bg-red-50 px-3 py-2 text-red-700 dark:bg-red-950/40 dark:text-red-300">
          <span className="font-medium">{errorLabel}</span> {error}
        </p>
      ) : null}
      {success && !error && !pending ? (
        <p className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-300">{success}</p>
      ) : null}
    </div>
  );
}
