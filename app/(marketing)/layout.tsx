import { SiteHeader } from '@/components/site-header';

export default function MarketingLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <SiteHeader />
      <main className="flex-1">{children}</main>
      <footer className="border-t border-zinc-200 py-8 text-center text-sm text-zinc-500">
        entitle — an open-source Next.js starter for Stripe Billing.
      </footer>
    </div>
  );
}
