/**
 * The directory index's refresh claims, made from the store's named locks: every handler instance and process on
 * one store (SQLite file, PostgreSQL database) shares them, so when several find the portal's index stale at once,
 * one reads Hexnode's lists and the others take its saved index. No table of their own: a lock per portal,
 * `directory-index:<API root>`, with no tenant (the portal's index serves every tenant on the connection).
 */
import type { DirectoryIndexStore, RefreshClaim } from '@hexnode-offboard/core';
import type { OffboardStore } from '../store/types.js';

const lockName = (key: string) => `directory-index:${key}`;

/** The store's index store with refresh claims; `undefined` when the store keeps no index. */
export function indexStoreWithClaims(store: OffboardStore | undefined): DirectoryIndexStore | undefined {
  const snapshots = store?.directoryIndexStore;
  if (!store || !snapshots) return undefined;
  return {
    load: (key) => snapshots.load(key),
    save: (key, snapshot) => snapshots.save(key, snapshot),
    claimRefresh: async (key: string, claim: RefreshClaim) => {
      const result = await store.claimLock({ tenant: null, name: lockName(key), ...claim });
      return result.status === 'claimed';
    },
    releaseRefresh: (key: string, owner: string) =>
      store.releaseLock({ tenant: null, name: lockName(key), owner }),
  };
}
