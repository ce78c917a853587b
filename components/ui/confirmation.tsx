'use client';

import { useEffect, useRef } from 'react';

/**
 * What an action just did, said where the person is looking: it takes focus when it appears (so
 * the page scrolls to it and a screen reader reads it) and stays until they leave the page.
 */
export function Confirmation({ testId, children }: { testId: string; children: React.ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <div
      ref={box}
      tabIndex={-1}
      role="status"
      data-testid={testId}
      className="flex gap-3 rounded-xl border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900 focus:outline-2 focus:outline-offset-2 focus:outline-emerald-700 dark:border-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-300 dark:focus:outline-emerald-500"
    >
      <span aria-hidden className="font-bold">
        ✓
      </span>
      <div>{children}</div>
    </div>
  );
}
