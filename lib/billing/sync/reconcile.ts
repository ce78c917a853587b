import 'server-only';

export type ReconcileResult = { checked: number; synced: number; failed: number };

/**
 * Re-syncs the customers whose state can have moved without us hearing of it. Interface only:
 * the reconciliation work (issue 11, item 4) fills it in.
 */
export async function reconcileStripeCustomers(_options: { limit?: number; all?: boolean } = {}): Promise<ReconcileResult> {
  return { checked: 0, synced: 0, failed: 0 };
}
