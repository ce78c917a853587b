export function formatMoney(cents: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);
}

export function formatDate(date: Date | number | null | undefined): string {
  if (date === null || date === undefined) return '—';
  const value = typeof date === 'number' ? new Date(date * 1000) : date;
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(value);
}
