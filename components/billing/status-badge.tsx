const STYLES: Record<string, { label: string; className: string }> = {
  active: { label: 'Active', className: 'bg-emerald-50 text-emerald-700 ring-emerald-200' },
  trialing: { label: 'Trial', className: 'bg-sky-50 text-sky-700 ring-sky-200' },
  past_due: { label: 'Past due', className: 'bg-amber-50 text-amber-800 ring-amber-200' },
  unpaid: { label: 'Unpaid', className: 'bg-red-50 text-red-700 ring-red-200' },
  paused: { label: 'Paused', className: 'bg-zinc-100 text-zinc-700 ring-zinc-200' },
  canceled: { label: 'Canceled', className: 'bg-zinc-100 text-zinc-700 ring-zinc-200' },
  incomplete: { label: 'Incomplete', className: 'bg-amber-50 text-amber-800 ring-amber-200' },
  incomplete_expired: { label: 'Expired', className: 'bg-zinc-100 text-zinc-700 ring-zinc-200' },
};

export function StatusBadge({ status }: { status: string }) {
  const style = STYLES[status] ?? { label: status, className: 'bg-zinc-100 text-zinc-700 ring-zinc-200' };
  return <span className={`rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${style.className}`}>{style.label}</span>;
}
