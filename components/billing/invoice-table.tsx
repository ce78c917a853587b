import { getTranslations } from 'next-intl/server';
import type { InvoiceSummary } from '@/lib/billing/billing-overview';
import { MESSAGES, type Messages } from '@/lib/i18n/messages';
import { billingFormat } from './billing-format';

type InvoiceStatus = keyof Messages['billing']['invoices']['statuses'];

// Stripe's invoice statuses that have a customer's word (in the messages); others show as Stripe names them.
function isNamed(status: string): status is InvoiceStatus {
  return Object.hasOwn(MESSAGES.en.billing.invoices.statuses, status);
}

export async function InvoiceTable({ invoices }: { invoices: InvoiceSummary[] }) {
  const [t, format] = await Promise.all([getTranslations('billing.invoices'), billingFormat()]);
  if (invoices.length === 0) return <p className="text-sm text-zinc-500 dark:text-zinc-400">{t('none')}</p>;
  return (
    <table className="w-full text-left text-sm">
      <thead className="text-xs text-zinc-500 uppercase dark:text-zinc-400">
        <tr>
          <th className="py-2 font-medium">{t('date')}</th>
          <th className="py-2 font-medium">{t('invoice')}</th>
          <th className="py-2 font-medium">{t('amount')}</th>
          <th className="py-2 font-medium">{t('status')}</th>
          <th className="py-2">
            <span className="sr-only">{t('link')}</span>
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {invoices.map((invoice) => (
          <tr key={invoice.id}>
            <td className="py-2.5">{format.date(invoice.created)}</td>
            <td className="py-2.5 font-mono text-xs text-zinc-600 dark:text-zinc-400">{invoice.number ?? invoice.id}</td>
            <td className="py-2.5">{format.money(invoice.amount, invoice.currency)}</td>
            <td className="py-2.5">{invoice.status ? (isNamed(invoice.status) ? t(`statuses.${invoice.status}`) : invoice.status) : '—'}</td>
            <td className="py-2.5 text-right">
              {invoice.url ? (
                <a href={invoice.url} className="text-brand-700 hover:underline dark:text-indigo-300" target="_blank" rel="noreferrer">
                  {t('view')}
                  <span className="sr-only"> {t('viewHidden', { number: invoice.number ?? invoice.id })}</span>
                </a>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
