/**
 * The id behind a field Stripe returns either as an id or, when expanded, as the object itself
 * (`subscription.customer`, `price.product`, ...). The one place that unwrap is written.
 */
export function idOf(ref: string | { id: string }): string;
export function idOf(ref: string | { id: string } | null | undefined): string | null;
export function idOf(ref: string | { id: string } | null | undefined): string | null {
  if (ref === null || ref === undefined) return null;
  return typeof ref === 'string' ? ref : ref.id;
}
