'use server';

import { getLocale, getTranslations } from 'next-intl/server';
import { formatDate, formatMoney } from '@/lib/format';
import { previewPlanChange as preview, type PlanChangePreview } from '../plan-change';
import { planSchema } from '../schemas';
import { billingAction } from './billing-action';

type Line = { label: string; amount: string };

/** A preview with its figures written out in the request's language, as the switcher shows them. */
export type PlanChangeOffer = PlanChangePreview & { dueNow: Line; credit: Line | null; then: Line };

export const previewPlanChange = billingAction<typeof planSchema, PlanChangeOffer>(planSchema, async ({ plan }, user) => {
  const [figures, locale, t] = await Promise.all([preview(user.id, plan), getLocale(), getTranslations('billing')]);
  const money = (amount: number) => formatMoney(amount, figures.currency, locale);
  return {
    data: {
      ...figures,
      dueNow: { label: t(figures.amountDueNow > 0 ? 'switcher.dueTodayProrated' : 'switcher.dueToday'), amount: money(figures.amountDueNow) },
      credit: figures.prorationAmount < 0 ? { label: t('switcher.credit'), amount: money(-figures.prorationAmount) } : null,
      then: {
        label: t('switcher.thenFrom', { date: formatDate(figures.nextInvoiceAt, locale) }),
        amount: t('price', { amount: money(figures.nextAmount), interval: t('intervals.month') }),
      },
    },
  };
});
