type Tone = 'info' | 'warning' | 'danger' | 'success';

// The brand colour is Tailwind's indigo; its dark shades come from indigo, which the theme does
// not copy as brand-*.
const tones: Record<Tone, string> = {
  info: 'border-brand-100 bg-brand-50 text-brand-700 dark:border-indigo-900 dark:bg-indigo-950/40 dark:text-indigo-300',
  warning: 'border-amber-200 bg-amber-50 text-amber-800 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-300',
  danger: 'border-red-200 bg-red-50 text-red-700 dark:border-red-900 dark:bg-red-950/40 dark:text-red-300',
  success: 'border-emerald-200 bg-emerald-50 text-emerald-800 dark:border-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-300',
};

export function Notice({ tone = 'info', children }: { tone?: Tone; children: React.ReactNode }) {
  return <div className={`rounded-xl border px-4 py-3 text-sm ${tones[tone]}`}>{children}</div>;
}
