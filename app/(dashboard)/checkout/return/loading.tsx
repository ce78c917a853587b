import { Spinner } from '@/components/ui/spinner';

/** Shown at once on the way back from checkout, while the page asks Stripe what was paid. */
export default function CheckoutReturnLoading() {
  return (
    <div className="mx-auto flex max-w-lg flex-col items-center gap-4 text-center" role="status" data-testid="checkout-confirming">
      <span className="text-brand-600">
        <Spinner />
      </span>
      <p className="text-lg font-medium">Confirming your payment…</p>
      <p className="text-sm text-zinc-600">This takes a few seconds. Please keep this page open.</p>
    </div>
  );
}
