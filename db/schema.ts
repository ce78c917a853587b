import type Stripe from 'stripe';
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgSequence, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';

// Auth.js tables, in the shape @auth/drizzle-adapter expects, plus our password hash.

export const users = pgTable('user', {
  id: text('id')
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID()),
  name: text('name'),
  email: text('email').unique(),
  emailVerified: timestamp('email_verified', { mode: 'date', withTimezone: true }),
  image: text('image'),
  // Null for users who only ever signed in with an OAuth provider.
  passwordHash: text('password_hash'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const accounts = pgTable(
  'account',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text('type').$type<'oauth' | 'oidc' | 'email' | 'webauthn'>().notNull(),
    provider: text('provider').notNull(),
    providerAccountId: text('provider_account_id').notNull(),
    refresh_token: text('refresh_token'),
    access_token: text('access_token'),
    expires_at: integer('expires_at'),
    token_type: text('token_type'),
    scope: text('scope'),
    id_token: text('id_token'),
    session_state: text('session_state'),
  },
  (table) => [primaryKey({ columns: [table.provider, table.providerAccountId] })],
);

/**
 * With JWT sessions Auth.js itself writes nothing here; we record each signed-in session's id
 * (`session_token` holds the `sid` claim of its JWT), so that signing out, a password change or
 * "sign out of all devices" ends it on the server: a token whose row is gone is refused.
 */
export const sessions = pgTable(
  'session',
  {
    sessionToken: text('session_token').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expires: timestamp('expires', { mode: 'date', withTimezone: true }).notNull(),
  },
  (table) => [index('session_user_id_idx').on(table.userId)],
);

export const verificationTokens = pgTable(
  'verification_token',
  {
    identifier: text('identifier').notNull(),
    token: text('token').notNull(),
    expires: timestamp('expires', { mode: 'date', withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.identifier, table.token] })],
);

// Billing. Stripe is the source of truth; these rows are a copy that the webhook sync overwrites.

/** One Stripe customer per user, never two: both columns are unique. */
export const billingCustomers = pgTable('billing_customer', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  stripeCustomerId: text('stripe_customer_id').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** The ticket of the sync whose reading of Stripe our rows hold (see lib/billing/sync/sync-customer.ts). */
  syncedTicket: bigint('synced_ticket', { mode: 'number' }).notNull().default(0),
  /** When a sync last wrote or confirmed this customer's rows: reconciliation re-reads stale ones. */
  syncedAt: timestamp('synced_at', { withTimezone: true }),
});

/**
 * Which version of a Stripe object a synced row holds (see lib/billing/sync/versions.ts): the
 * Stripe-clock seconds it was true at (a range for a full read, whose exact moment the
 * one-second Date header blurs; one second for an event's own object), and the ticket of the
 * full read that wrote it (null when an event's object did).
 */
function stripeVersionColumns() {
  return {
    readTicket: bigint('read_ticket', { mode: 'number' }),
    asOfMin: bigint('as_of_min', { mode: 'number' }).notNull().default(0),
    asOfMax: bigint('as_of_max', { mode: 'number' }).notNull().default(0),
  };
}

/** Numbers syncs in the order they start reading Stripe, across every server instance. */
export const syncTickets = pgSequence('stripe_sync_ticket');

export const subscriptions = pgTable(
  'subscription',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    stripeCustomerId: text('stripe_customer_id').notNull(),
    status: text('status').$type<SubscriptionStatus>().notNull(),
    productId: text('product_id').notNull(),
    priceId: text('price_id').notNull(),
    priceLookupKey: text('price_lookup_key'),
    unitAmount: integer('unit_amount'),
    currency: text('currency').notNull(),
    interval: text('interval'),
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    cancelAt: timestamp('cancel_at', { withTimezone: true }),
    canceledAt: timestamp('canceled_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    currentPeriodStart: timestamp('current_period_start', { withTimezone: true }),
    currentPeriodEnd: timestamp('current_period_end', { withTimezone: true }),
    trialEnd: timestamp('trial_end', { withTimezone: true }),
    paymentMethodType: text('payment_method_type'),
    paymentMethodBrand: text('payment_method_brand'),
    paymentMethodLast4: text('payment_method_last4'),
    paymentMethodExpMonth: integer('payment_method_exp_month'),
    paymentMethodExpYear: integer('payment_method_exp_year'),
    /** The subscription's own default payment method, whose summary the columns above hold (null: the customer's default). */
    ownPaymentMethodId: text('own_payment_method_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull(),
    ...stripeVersionColumns(),
  },
  (table) => [index('subscription_user_id_idx').on(table.userId), index('subscription_customer_idx').on(table.stripeCustomerId)],
);
export type SubscriptionRow = typeof subscriptions.$inferSelect;
export type NewSubscriptionRow = typeof subscriptions.$inferInsert;
/**
 * Any other string: a status Stripe adds after this version, stored as it comes (the SDK leaves
 * the same room). The statuses are spelled here, not borrowed from the SDK, so that the rows the
 * app reads carry the app's own types; lib/stripe/reshape.ts fails to compile if they drift.
 * (`{}`, not the SDK's `Record<never, never>`: the same type under that spelling is one the
 * checker can name after the SDK's alias, which tests/lib/stripe-boundary.test.ts would report.)
 */
type OtherStatus = string & {};
export type SubscriptionStatus = 'active' | 'canceled' | 'incomplete' | 'incomplete_expired' | 'past_due' | 'paused' | 'trialing' | 'unpaid' | OtherStatus;
export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'uncollectible' | 'void' | OtherStatus;

/** The customer's active entitlements as Stripe last reported them: what the gate reads. */
export const entitlementSummaries = pgTable('entitlement_summary', {
  stripeCustomerId: text('stripe_customer_id').primaryKey(),
  userId: text('user_id')
    .notNull()
    .unique()
    .references(() => users.id, { onDelete: 'cascade' }),
  features: text('features').array().notNull(),
  syncedAt: timestamp('synced_at', { withTimezone: true }).notNull(),
  ...stripeVersionColumns(),
});

/**
 * The webhook inbox: each event once, stored (payload included) before the route answers 200, so
 * an instance that dies before processing it loses nothing. processed_at stays null until its sync
 * has committed; until then a sweeper picks it up again at next_attempt_at.
 */
export const stripeEvents = pgTable(
  'stripe_event',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    created: timestamp('created', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    /** Set when the event was acknowledged without a sync, and why (say, the customer no longer exists in Stripe). */
    skippedReason: text('skipped_reason'),
    /** The verified event as Stripe sent it. Null only for rows recorded before the inbox existed. */
    payload: jsonb('payload').$type<Stripe.Event>(),
    /** Processing attempts so far, and the last one's error: what the backoff and an operator read. */
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** When the sweeper may (re)try it: pushed forward when an attempt claims it or fails. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('stripe_event_pending_idx').on(table.nextAttemptAt).where(sql`${table.processedAt} is null`)],
);

/** The customer's invoices as Stripe last reported them: what the billing page lists. */
export const invoices = pgTable(
  'invoice',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    stripeCustomerId: text('stripe_customer_id').notNull(),
    subscriptionId: text('subscription_id'),
    number: text('number'),
    status: text('status').$type<InvoiceStatus>(),
    currency: text('currency').notNull(),
    amountDue: integer('amount_due').notNull(),
    amountPaid: integer('amount_paid').notNull(),
    total: integer('total').notNull(),
    hostedInvoiceUrl: text('hosted_invoice_url'),
    periodStart: timestamp('period_start', { withTimezone: true }),
    periodEnd: timestamp('period_end', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull(),
    ...stripeVersionColumns(),
  },
  (table) => [index('invoice_user_created_idx').on(table.userId, table.createdAt), index('invoice_customer_idx').on(table.stripeCustomerId)],
);
export type NewInvoiceRow = typeof invoices.$inferInsert;

/**
 * A plan change the server previewed for a user: the confirm step charges exactly this, once.
 * The form carries only the row's id; nothing in it can lower the amount.
 */
export const planChangePreviews = pgTable('plan_change_preview', {
  id: text('id')
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID()),
  userId: text('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  subscriptionId: text('subscription_id').notNull(),
  subscriptionItemId: text('subscription_item_id').notNull(),
  fromPriceId: text('from_price_id').notNull(),
  toPriceId: text('to_price_id').notNull(),
  plan: text('plan').notNull(),
  prorationDate: bigint('proration_date', { mode: 'number' }).notNull(),
  amountDue: integer('amount_due').notNull(),
  currency: text('currency').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});
export type PlanChangePreviewRow = typeof planChangePreviews.$inferSelect;

/**
 * Something the app did to a user's billing on its own, shown on the billing page until
 * dismissed: for now, a second live subscription that the sync canceled and refunded.
 * One row per (kind, subscription), so concurrent syncs record it once.
 */
export const billingNotices = pgTable(
  'billing_notice',
  {
    id: text('id')
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'duplicate_subscription_refunded'>().notNull(),
    subscriptionId: text('subscription_id').notNull(),
    amount: integer('amount'),
    currency: text('currency'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    dismissedAt: timestamp('dismissed_at', { withTimezone: true }),
  },
  (table) => [unique('billing_notice_kind_subscription').on(table.kind, table.subscriptionId), index('billing_notice_user_idx').on(table.userId)],
);
export type BillingNoticeRow = typeof billingNotices.$inferSelect;

/**
 * At most one checkout being started per user at a time, across every server instance: a lease
 * taken with one upsert and given back when done (or left to expire if the instance died).
 */
export const checkoutLocks = pgTable('checkout_lock', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  holder: text('holder').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/** Attempt counters for rate limits, in the shape rate-limiter-flexible's Drizzle store expects. */
export const rateLimits = pgTable('rate_limit', {
  key: text('key').primaryKey(),
  points: integer('points').notNull().default(0),
  expire: timestamp('expire', { withTimezone: true }),
});

// Accounts: links mailed to a user, and the local mailbox.

export type AccountTokenPurpose = 'verify_email' | 'reset_password' | 'change_email' | 'delete_account';

/**
 * Single-use links mailed to a user (verify an address, reset a password, confirm a new email or
 * the deletion of the account). Only the SHA-256 of the token is stored, so a leaked table opens
 * nothing; a link is spent by one atomic update (lib/auth/account-tokens.ts), so a replay or a
 * double click finds it used.
 */
export const accountTokens = pgTable(
  'account_token',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose').$type<AccountTokenPurpose>().notNull(),
    /** The address the link was sent to: the one it verifies (for change_email, the new one). */
    email: text('email').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (table) => [index('account_token_user_purpose_idx').on(table.userId, table.purpose)],
);

/**
 * Mail kept instead of sent when no transport is configured (development and tests): what
 * /dev/mailbox shows and what tests read. Never written in production (lib/mail).
 */
export const mailMessages = pgTable(
  'mail_message',
  {
    id: text('id')
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    to: text('to').notNull(),
    from: text('from').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    /** Which template rendered it (lib/mail/templates), for tests and the mailbox page. */
    template: text('template').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('mail_message_to_created_idx').on(table.to, table.createdAt)],
);
export type MailMessageRow = typeof mailMessages.$inferSelect;

// Lifecycle mails: what the app says that Stripe cannot (lib/billing/sync/lifecycle-mails.ts).

export type LifecycleMailKind = 'welcome' | 'access_ended';

/**
 * One row per lifecycle mail ever sent: the welcome once per user (`subject` is the user's id),
 * the access-ended notice once per subscription whose access ended (`subject` is its id). The
 * primary key makes the insert the decision: of duplicated webhooks and parallel syncs, exactly
 * one inserts the row and sends the mail.
 */
export const lifecycleMails = pgTable(
  'lifecycle_mail',
  {
    kind: text('kind').$type<LifecycleMailKind>().notNull(),
    subject: text('subject').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.kind, table.subject] }), index('lifecycle_mail_user_idx').on(table.userId)],
);
