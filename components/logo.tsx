import Link from 'next/link';

export function Logo({ href = '/' }: { href?: string }) {
  return (
    <Link href={href} className="flex items-center gap-2 text-lg font-semibold tracking-tight text-zinc-900 dark:text-zinc-100">
      <span aria-hidden className="grid size-7 place-items-center rounded-lg bg-brand-600 text-sm font-bold text-white">
        e
      </span>
      entitle
    </Link>
  );
}
