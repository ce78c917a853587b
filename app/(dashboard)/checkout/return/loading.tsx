import { getTranslations } from 'next-intl/server';
import { Spinner } from '@/components/ui/spinner';

/** Shown at once on the way back from checkout, while the page asks Stripe what was paid. */
export default async function CheckoutReturnLoading() {
  const t = await getTranslations('billing.checkout');
  return (
    <div className="mx-auto flex max-w-lg flex-col items-center gap-4 text-center" role="status" data-testid="checkout-confirming">
      <span className="text-brand-600 dark:text-indigo-400">
        <Spinner />
      </span>
      <p className="text-lg font-medium">{t('confirming')}</p>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t('keepPageOpen')}</p>
    </div>
  );
}
