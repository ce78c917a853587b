import type { PricedPlan } from '@/lib/billing/catalog';
import { formatMoney } from '@/lib/format';

export function PlanCard({ plan, highlighted, children }: { plan: PricedPlan; highlighted: boolean; children: React.ReactNode }) {
  return (
    <div
      className={`flex flex-col rounded-2xl border bg-white p-8 ${highlighted ? 'border-brand-500 shadow-lg ring-1 ring-brand-500' : 'border-zinc-200'}`}
    >
      <div className="flex items-center justify-between">
        <h2 className="text-lg font-semibold">{plan.name}</h2>
        {highlighted ? (
          <span className="rounded-full bg-brand-50 px-2.5 py-0.5 text-xs font-medium text-brand-700">Most popular</span>
        ) : null}
      </div>
      <p className="mt-1 text-sm text-zinc-600">{plan.description}</p>
      <p className="mt-6 flex items-baseline gap-1">
        <span className="text-4xl font-semibold tracking-tight">{formatMoney(plan.amount, plan.currency)}</span>
        <span className="text-sm text-zinc-500">/ {plan.interval}</span>
      </p>
      <ul className="mt-6 mb-8 flex-1 space-y-2 text-sm text-zinc-700">
        {plan.highlights.map((item) => (
          <li key={item} className="flex gap-2">
            <span aria-hidden className="text-brand-600">
              ✓
            </span>
            {item}
          </li>
        ))}
      </ul>
      {children}
    </div>
  );
}
