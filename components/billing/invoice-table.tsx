import type { InvoiceSummary } from '@/lib/billing/billing-overview';
import { formatDate, formatMoney } from '@/lib/format';

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
          <th className="py-2" />
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100">
        {invoices.map((invoice) => (
          <tr key={invoice.id}>
            <td className="py-2.5">{formatDate(invoice.created)}</td>
            <td className="py-2.5 font-mono text-xs text-zinc-600">{invoice.number ?? invoice.id}</td>
            <td className="py-2.5">{formatMoney(invoice.amount, invoice.currency)}</td>
            <td className="py-2.5 capitalize">{invoice.status ?? '—'}</td>
            <td className="py-2.5 text-right">
              {invoice.url ? (
                <a href={invoice.url} className="text-brand-600 hover:underline" target="_blank" rel="noreferrer">
                  View
                </a>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
