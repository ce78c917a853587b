import { getTranslations } from 'next-intl/server';
import type { Messages } from '@/lib/i18n/messages';

type Status = keyof Messages['billing']['status'];

const EMERALD = 'bg-emerald-50 text-emerald-700 ring-emerald-200 dark:bg-emerald-950/40 dark:text-emerald-300 dark:ring-emerald-900';
const SKY = 'bg-sky-50 text-sky-700 ring-sky-200 dark:bg-sky-950/40 dark:text-sky-300 dark:ring-sky-900';
const AMBER = 'bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950/40 dark:text-amber-300 dark:ring-amber-900';
const RED = 'bg-red-50 text-red-700 ring-red-200 dark:bg-red-950/40 dark:text-red-300 dark:ring-red-900';
const ZINC = 'bg-zinc-100 text-zinc-700 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700';

// The colour only repeats what the label says.
const TONES: Record<Status, string> = {
  active: EMERALD,
  trialing: SKY,
  past_due: AMBER,
  unpaid: RED,
  paused: ZINC,
  canceled: ZINC,
  incomplete: AMBER,
  incomplete_expired: ZINC,
};

function isKnown(status: string): status is Status {
  return Object.hasOwn(TONES, status);
}

export async function StatusBadge({ status }: { status: string }) {
  const t = await getTranslations('billing.status');
  const known = isKnown(status);
  return (
    <span className={`rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${known ? TONES[status] : ZINC}`}>
      {known ? t(status) : status}
    </span>
  );
}
