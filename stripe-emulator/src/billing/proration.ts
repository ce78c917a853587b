import type Stripe from 'stripe';
import { buildLine } from './build-invoice.js';
import { formatDate } from './periods.js';

export interface ItemChange {
  item: Stripe.SubscriptionItem;
  oldPrice: Stripe.Price;
  oldQuantity: number;
  /** null when the item is removed. */
  newPrice: Stripe.Price | null;
  newQuantity: number;
}

function productName(price: Stripe.Price, productName: (id: string) => string): string {
  return productName(typeof price.product === 'string' ? price.product : price.product.id);
}

/**
 * Stripe prorates by the second: the unused share of the current period is credited at the
 * old price and the same share is charged at the new one, each rounded to the minor unit.
 */
export function prorationLines(
  sub: Stripe.Subscription,
  changes: ItemChange[],
  prorationDate: number,
  nameOf: (productId: string) => string,
): Stripe.InvoiceLineItem[] {
  const lines: Stripe.InvoiceLineItem[] = [];
  for (const change of changes) {
    const { item } = change;
    const start = item.current_period_start;
    const end = item.current_period_end;
    if (prorationDate >= end || end <= start) continue;
    const fraction = (end - Math.max(prorationDate, start)) / (end - start);
    const after = formatDate(prorationDate);
    const period = { start: Math.max(prorationDate, start), end };
    const oldAmount = (change.oldPrice.unit_amount ?? 0) * change.oldQuantity;
    lines.push(
      buildLine(
        {
          amount: -Math.round(oldAmount * fraction),
          currency: sub.currency,
          description: `Unused time on ${change.oldQuantity} × ${productName(change.oldPrice, nameOf)} after ${after}`,
          price: change.oldPrice,
          quantity: change.oldQuantity,
          period,
          subscriptionId: sub.id,
          subscriptionItemId: item.id,
          proration: true,
        },
        null,
      ),
    );
    if (change.newPrice) {
      const newAmount = (change.newPrice.unit_amount ?? 0) * change.newQuantity;
      lines.push(
        buildLine(
          {
            amount: Math.round(newAmount * fraction),
            currency: sub.currency,
            description: `Remaining time on ${change.newQuantity} × ${productName(change.newPrice, nameOf)} after ${after}`,
            price: change.newPrice,
            quantity: change.newQuantity,
            period,
            subscriptionId: sub.id,
            subscriptionItemId: item.id,
            proration: true,
          },
          null,
        ),
      );
    }
  }
  return lines;
}
