import { FEATURE_NAMES, FEATURES } from '@/lib/billing/plans';

const reports = [
  { name: 'Revenue by cohort', value: '+18.4%', note: 'vs. last quarter' },
  { name: 'Net revenue retention', value: '112%', note: 'trailing 12 months' },
  { name: 'Expansion MRR', value: '$4,210', note: 'this month' },
];

/** The premium content; the page that renders it decides who may see it. */
export function PremiumReports() {
  return (
    <div className="space-y-6">
      <div>
        <p className="text-xs font-medium tracking-wide text-brand-600 uppercase">Premium</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight" data-testid="premium-heading">
          {FEATURE_NAMES[FEATURES.extended]}
        </h1>
        <p className="mt-1 text-zinc-600">How your revenue is doing, included in your Premium plan.</p>
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        {reports.map((report) => (
          <div key={report.name} className="rounded-2xl border border-zinc-200 bg-white p-5">
            <p className="text-sm text-zinc-600">{report.name}</p>
            <p className="mt-2 text-2xl font-semibold">{report.value}</p>
            <p className="mt-1 text-xs text-zinc-500">{report.note}</p>
          </div>
        ))}
      </div>
    </div>
  );
}
