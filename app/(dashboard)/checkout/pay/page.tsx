import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { PaymentElementCheckout } from '@/components/billing/payment-element-checkout';
import { buttonClass } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { requireUser } from '@/lib/auth/session';
import { loadOwnedCheckoutSession } from '@/lib/billing/checkout';
import { env } from '@/lib/env';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('billing.checkout');
  return { title: t('title') };
}

export default async function PaymentElementPage({ searchParams }: PageProps<'/checkout/pay'>) {
  const user = await requireUser('/pricing');
  const { session_id: sessionId } = await searchParams;
  if (typeof sessionId !== 'string') notFound();
  const session = await loadOwnedCheckoutSession(user.id, sessionId).catch(() => null);
  if (!session || session.status !== 'open' || !session.payment) notFound();
  const { payment } = session;
  const [t, locale] = await Promise.all([getTranslations('billing.checkout'), getLocale()]);

  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">{t('payHeading')}</h1>
      {payment.kind === 'emulator-page' ? (
        <Notice>
          <p>{t('payOnEmulator')}</p>
          <a className={`${buttonClass('primary')} mt-3`} href={payment.url}>
            {t('continueToPayment')}
          </a>
        </Notice>
      ) : env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY ? (
        <div className="rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900">
          <PaymentElementCheckout
            publishableKey={env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY}
            clientSecret={payment.clientSecret}
            locale={locale}
            labels={{ pay: t('pay'), paying: t('paying') }}
          />
        </div>
      ) : (
        <Notice tone="danger">{t('publishableKeyMissing')}</Notice>
      )}
    </div>
  );
}
