/**
 * Where the directory keeps its index between runs, so that a restart does not re-read Hexnode's lists. One
 * snapshot per portal, under the portal's name (the API root, never the API key). The memory store serves one
 * process and tests; the proxy's SQLite and PostgreSQL stores keep it in their database.
 */
import type { DirectorySnapshot } from './snapshot.js';

/** A claim on the portal's next background refresh: who asks, when, and for how long it holds at most. */
export interface RefreshClaim {
  owner: string;
  now: number;
  ttlMs: number;
}

export interface DirectoryIndexStore {
  /** The portal's last saved snapshot, or `undefined`. */
  load(key: string): Promise<DirectorySnapshot | undefined>;
  /** Replaces the portal's snapshot, unless the stored one was built later (another process's newer build). */
  save(key: string, snapshot: DirectorySnapshot): Promise<void>;
  /**
   * Optional, for a store several processes share: claims the portal's background refresh. `false`: another
   * process holds the claim and is reading the lists, so this one keeps its index and takes theirs once it is
   * saved. Without it, two processes that find the index stale at once both read the lists.
   */
  claimRefresh?(key: string, claim: RefreshClaim): Promise<boolean>;
  /** Ends this owner's claim (its refresh is saved, or failed). */
  releaseRefresh?(key: string, owner: string): Promise<void>;
}

/**
 * Snapshots in this process's memory; pass one instance to several directories to share it (its refresh claims
 * too: one of them reads the lists).
 */
export class MemoryDirectoryIndexStore implements DirectoryIndexStore {
  readonly #snapshots = new Map<string, DirectorySnapshot>();
  readonly #claims = new Map<string, { owner: string; until: number }>();

  async claimRefresh(key: string, claim: RefreshClaim): Promise<boolean> {
    const held = this.#claims.get(key);
    if (held && held.owner !== claim.owner && held.until > claim.now) return false;
    this.#claims.set(key, { owner: claim.owner, until: claim.now + claim.ttlMs });
    return true;
  }

  async releaseRefresh(key: string, owner: string): Promise<void> {
    if (this.#claims.get(key)?.owner === owner) this.#claims.delete(key);
  }

  async load(key: string): Promise<DirectorySnapshot | undefined> {
    return this.#snapshots.get(key);
  }

  async save(key: string, snapshot: DirectorySnapshot): Promise<void> {
    const stored = this.#snapshots.get(key);
    if (stored === undefined || snapshot.builtAt >= stored.builtAt) this.#snapshots.set(key, snapshot);
  }
}
