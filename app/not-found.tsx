import type { Metadata } from 'next';
import { buttonClass } from '@/components/ui/button-class';

export const metadata: Metadata = { title: 'Page not found' };

// Next.js's built-in 404 page styles itself with inline styles, which the Content-Security-Policy
// (proxy.ts) refuses; this one uses the site's stylesheet.
export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 px-6 text-center">
      <p className="text-sm font-medium text-zinc-500">404</p>
      <h1 className="text-2xl font-semibold tracking-tight">This page does not exist</h1>
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- next/link would put a copy of its code in this page's chunk, which every page loads */}
      <a href="/" className={buttonClass()}>
        Go to the home page
      </a>
    </main>
  );
}
