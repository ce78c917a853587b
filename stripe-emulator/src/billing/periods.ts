import type Stripe from 'stripe';

const DAY = 86_400;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * Moves `from` forward by whole billing intervals, keeping the anchor's day of month and
 * clamping to the month's last day (a 31 Jan anchor renews 28/29 Feb, then 31 Mar), as Stripe does.
 */
export function addInterval(from: number, recurring: Pick<Stripe.Price.Recurring, 'interval' | 'interval_count'>, anchor: number = from): number {
  const count = recurring.interval_count;
  switch (recurring.interval) {
    case 'day':
      return from + count * DAY;
    case 'week':
      return from + count * 7 * DAY;
    default: {
      const months = recurring.interval === 'year' ? 12 * count : count;
      const start = new Date(from * 1000);
      const anchorDate = new Date(anchor * 1000);
      const total = start.getUTCMonth() + months;
      const year = start.getUTCFullYear() + Math.floor(total / 12);
      const month = ((total % 12) + 12) % 12;
      const day = Math.min(anchorDate.getUTCDate(), daysInMonth(year, month));
      return Math.floor(
        Date.UTC(year, month, day, anchorDate.getUTCHours(), anchorDate.getUTCMinutes(), anchorDate.getUTCSeconds()) / 1000,
      );
    }
  }
}

export function recurringOf(price: Stripe.Price): Stripe.Price.Recurring {
  return price.recurring ?? { interval: 'month', interval_count: 1, meter: null, trial_period_days: null, usage_type: 'licensed' };
}

export function formatDate(ts: number): string {
  return new Date(ts * 1000).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

// Building an Intl.NumberFormat costs more than formatting with it, and every invoice line formats.
const formats = new Map<string, Intl.NumberFormat>();

export function formatAmount(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  const zeroDecimal = ['JPY', 'KRW', 'VND', 'CLP', 'XOF', 'XAF'].includes(code);
  let format = formats.get(code);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency: code });
    formats.set(code, format);
  }
  return format.format(zeroDecimal ? amount : amount / 100);
}
