import type { InvoiceSummary } from '@/lib/billing/billing-overview';
import { formatDate, formatMoney } from '@/lib/format';

// Stripe's invoice statuses in a customer's words.
const STATUS_NAMES: Record<string, string> = { draft: 'Draft', open: 'Due', paid: 'Paid', void: 'Void', uncollectible: 'Unpaid' };

export function InvoiceTable({ invoices }: { invoices: InvoiceSummary[] }) {
  if (invoices.length === 0) return <p className="text-sm text-zinc-500">No invoices yet.</p>;
  return (
    <table className="w-full text-left text-sm">
      <thead className="text-xs text-zinc-500 uppercase">
        <tr>
          <th className="py-2 font-medium">Date</th>
          <th className="py-2 font-medium">Invoice</th>
          <th className="py-2 font-medium">Amount</th>
          <th className="py-2 font-medium">Status</th>
          <th className="py-2">
            <span className="sr-only">Link</span>
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100">
        {invoices.map((invoice) => (
          <tr key={invoice.id}>
            <td className="py-2.5">{formatDate(invoice.created)}</td>
            <td className="py-2.5 font-mono text-xs text-zinc-600">{invoice.number ?? invoice.id}</td>
            <td className="py-2.5">{formatMoney(invoice.amount, invoice.currency)}</td>
            <td className="py-2.5">{invoice.status ? (STATUS_NAMES[invoice.status] ?? invoice.status) : '—'}</td>
            <td className="py-2.5 text-right">
              {invoice.url ? (
                <a href={invoice.url} className="text-brand-700 hover:underline" target="_blank" rel="noreferrer">
                  View<span className="sr-only"> invoice {invoice.number ?? invoice.id} (opens in a new tab)</span>
                </a>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
