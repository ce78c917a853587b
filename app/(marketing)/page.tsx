import { ButtonLink } from '@/components/ui/button';

const points = [
  {
    title: 'Stripe decides access',
    body: 'Entitlements come from Stripe’s active entitlements, synced into Postgres by a verified, idempotent webhook.',
  },
  {
    title: 'Runs with zero accounts',
    body: 'No database URL? An embedded Postgres. No Stripe key? A local Stripe emulator with hosted checkout and signed webhooks.',
  },
  {
    title: 'Gated at the edge of the app',
    body: 'The Next.js proxy turns users away from premium routes before a page renders, and pages check again.',
  },
];

export default function HomePage() {
  return (
    <>
      <section className="mx-auto max-w-4xl px-6 pt-24 pb-16 text-center">
        <p className="mb-4 inline-block rounded-full bg-brand-50 px-3 py-1 text-xs font-medium text-brand-700">
          Next.js 16 · Auth.js · Drizzle · Stripe Billing
        </p>
        <h1 className="text-5xl font-semibold tracking-tight text-balance text-zinc-900">
          Sell subscriptions. Grant exactly what was paid for.
        </h1>
        <p className="mx-auto mt-6 max-w-2xl text-lg text-pretty text-zinc-600">
          entitle is a SaaS starter where every user has precisely the access Stripe says they are entitled to — no
          more, no less, whatever order the webhooks arrive in.
        </p>
        <div className="mt-10 flex justify-center gap-3">
          <ButtonLink href="/sign-up" className="px-6 py-3 text-base">
            Get started
          </ButtonLink>
          <ButtonLink href="/pricing" variant="secondary" className="px-6 py-3 text-base">
            See pricing
          </ButtonLink>
        </div>
      </section>
      <section className="mx-auto grid max-w-5xl gap-6 px-6 pb-24 md:grid-cols-3">
        {points.map((point) => (
          <div key={point.title} className="rounded-2xl border border-zinc-200 bg-white p-6">
            <h2 className="font-semibold">{point.title}</h2>
            <p className="mt-2 text-sm text-zinc-600">{point.body}</p>
          </div>
        ))}
      </section>
    </>
  );
}
