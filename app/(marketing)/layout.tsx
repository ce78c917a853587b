import { SiteHeader } from '@/components/site-header';

// The footer (tagline, language and theme) is the root layout's, the same on every page.
export default function MarketingLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex flex-1 flex-col">
      <SiteHeader />
      <main className="flex-1">{children}</main>
    </div>
  );
}
