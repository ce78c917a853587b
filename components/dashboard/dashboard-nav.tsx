'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const HREFS = ['/dashboard', '/billing', '/premium', '/account'] as const;

/** The dashboard's sections, named in the request's language by the layout that renders the nav. */
export type DashboardNavLabels = { nav: string; links: Record<(typeof HREFS)[number], string> };

export function DashboardNav({ labels }: { labels: DashboardNavLabels }) {
  const pathname = usePathname();
  return (
    <nav aria-label={labels.nav} className="flex flex-wrap gap-1 text-sm">
      {HREFS.map((href) => {
        const active = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link
            key={href}
            href={href}
            aria-current={active ? 'page' : undefined}
            className={`rounded-lg px-3 py-2 ${
              active
                ? 'bg-zinc-100 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100'
                : 'text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100'
            }`}
          >
            {labels.links[href]}
          </Link>
        );
      })}
    </nav>
  );
}
