/** The live region every form uses for its result, so screen readers hear it too. */
export function FormMessage({ error, success }: { error?: string; success?: string }) {
  return (
    <div role="status" aria-live="polite" className="text-sm">
      {error ? <p className="rounded-lg bg-red-50 px-3 py-2 text-red-700">{error}</p> : null}
      {success && !error ? <p className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-700">{success}</p> : null}
    </div>
  );
}
