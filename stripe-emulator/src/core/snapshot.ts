import { readFileSync, writeFileSync, renameSync, existsSync } from 'node:fs';
import { Store } from './store.js';

/**
 * The snapshot is the store's maps as arrays of entries. Objects are trusted as written by
 * this emulator, so loading does not re-validate them.
 */
type Entries<T> = [string, T][];

interface SnapshotFile {
  version: 1;
  maps: Record<string, Entries<unknown>>;
  deletedCustomers: string[];
  settlements: Store['settlements'];
  clockOffset: number;
}

const MAP_KEYS = [
  'customers', 'products', 'prices', 'features', 'productFeatures', 'productFeatureOwners', 'paymentMethods', 'paymentMethodBehaviour', 'portalConfigurations',
  'portalSessions', 'events', 'webhookEndpoints', 'testClocks', 'checkoutSessions', 'checkoutState',
  'subscriptions', 'subscriptionState', 'invoices', 'paymentIntents', 'refunds', 'entitlementIds', 'invoiceItems',
] as const satisfies readonly (keyof Store)[];

export function serializeStore(store: Store): string {
  const maps: Record<string, Entries<unknown>> = {};
  for (const key of MAP_KEYS) maps[key] = [...store[key].entries()];
  const file: SnapshotFile = {
    version: 1,
    maps,
    deletedCustomers: [...store.deletedCustomers],
    settlements: store.settlements,
    clockOffset: store.clockOffset,
  };
  return JSON.stringify(file);
}

function fillMap<V>(target: Map<string, V>, entries: Entries<unknown> | undefined): void {
  target.clear();
  // The snapshot was written from a map of the same type by serializeStore.
  for (const [k, v] of (entries ?? []) as Entries<V>) target.set(k, v);
}

export function loadSnapshot(store: Store, path: string): boolean {
  if (!existsSync(path)) return false;
  const file: SnapshotFile = JSON.parse(readFileSync(path, 'utf8'));
  if (file.version !== 1) return false;
  fillMap(store.customers, file.maps.customers);
  fillMap(store.products, file.maps.products);
  fillMap(store.prices, file.maps.prices);
  fillMap(store.features, file.maps.features);
  fillMap(store.productFeatures, file.maps.productFeatures);
  fillMap(store.productFeatureOwners, file.maps.productFeatureOwners);
  fillMap(store.paymentMethods, file.maps.paymentMethods);
  fillMap(store.paymentMethodBehaviour, file.maps.paymentMethodBehaviour);
  fillMap(store.portalConfigurations, file.maps.portalConfigurations);
  fillMap(store.portalSessions, file.maps.portalSessions);
  fillMap(store.events, file.maps.events);
  fillMap(store.webhookEndpoints, file.maps.webhookEndpoints);
  fillMap(store.testClocks, file.maps.testClocks);
  fillMap(store.checkoutSessions, file.maps.checkoutSessions);
  fillMap(store.checkoutState, file.maps.checkoutState);
  fillMap(store.subscriptions, file.maps.subscriptions);
  fillMap(store.subscriptionState, file.maps.subscriptionState);
  fillMap(store.invoices, file.maps.invoices);
  fillMap(store.paymentIntents, file.maps.paymentIntents);
  fillMap(store.refunds, file.maps.refunds);
  fillMap(store.entitlementIds, file.maps.entitlementIds);
  fillMap(store.invoiceItems, file.maps.invoiceItems);
  store.deletedCustomers = new Set(file.deletedCustomers);
  store.settlements = file.settlements;
  store.clockOffset = file.clockOffset;
  return true;
}

export function writeSnapshot(store: Store, path: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, serializeStore(store));
  renameSync(tmp, path);
}
