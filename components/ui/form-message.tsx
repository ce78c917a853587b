/**
 * The live region every form uses for its result, so screen readers hear it too: the error or
 * success, and while the action runs, what it is doing (`pending`, read out but not shown twice:
 * the button shows it). An error starts with `errorLabel` (common.form.error), so it is not told
 * by its colour alone; forms get it from the server component that renders them.
 */
export function FormMessage({
  error,
  success,
  pending,
  errorLabel = 'Error:',
}: {
  error?: string;
  success?: string;
  pending?: string;
  errorLabel?: string;
}) {
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
