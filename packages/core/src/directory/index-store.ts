/**
 * Where the directory keeps its index between runs, so that a restart does not re-read Hexnode's lists. One
 * snapshot per portal, under the portal's name (the API root, never the API key). The memory store serves one
 * process and tests; the proxy's SQLite and PostgreSQL stores keep it in their database.
 */
import type { DirectorySnapshot } from './snapshot.js';

export interface DirectoryIndexStore {
  /** The portal's last saved snapshot, or `undefined`. */
  load(key: string): Promise<DirectorySnapshot | undefined>;
  /** Replaces the portal's snapshot, unless the stored one was built later (another process's newer build). */
  save(key: string, snapshot: DirectorySnapshot): Promise<void>;
}

/** Snapshots in this process's memory; pass one instance to several directories to share it. */
export class MemoryDirectoryIndexStore implements DirectoryIndexStore {
  readonly #snapshots = new Map<string, DirectorySnapshot>();

  async load(key: string): Promise<DirectorySnapshot | undefined> {
    return this.#snapshots.get(key);
  }

  async save(key: string, snapshot: DirectorySnapshot): Promise<void> {
    const stored = this.#snapshots.get(key);
    if (stored === undefined || snapshot.builtAt >= stored.builtAt) this.#snapshots.set(key, snapshot);
  }
}
