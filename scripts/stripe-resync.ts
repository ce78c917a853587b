// `npm run stripe:resync [-- --import]`: re-reads every customer's subscriptions, entitlements and
// latest invoices from Stripe into the database (after an outage, lost webhooks, or a restored
// database), stalest first and within the Stripe rate budget. With --import, first links the
// Stripe customers the database does not know yet, through their metadata.userId only.
import { env } from '@/lib/env';
import { importStripeCustomers } from '@/lib/billing/sync/import-customers';
import { reconcileStripeCustomers } from '@/lib/billing/sync/reconcile';

const target = env.stripe.mode === 'emulator' ? `the Stripe emulator at ${env.stripe.emulatorUrl}` : 'Stripe';
if (process.argv.includes('--import')) {
  const imported = await importStripeCustomers();
  console.log(
    `[entitle] ${target}: ${imported.seen} customers, ${imported.linked} newly linked, ${imported.alreadyLinked} already linked, ` +
      `${imported.noUser} without a metadata.userId of an existing user (left alone), ${imported.userHasAnother} whose user has another customer (left alone)`,
  );
}
const result = await reconcileStripeCustomers({ all: true });
console.log(`[entitle] re-synced ${result.synced} of ${result.checked} customers from ${target}; ${result.failed} failed`);
process.exit(result.failed > 0 ? 1 : 0);
