/**
 * The directory index's snapshots on PostgreSQL (table `directory_index`, one row per portal), so that every
 * instance on the database, and a restart, answers previews without reading Hexnode's lists again.
 */
import type { SchemaPool } from './schema-pool.js';
import type { DirectoryIndexStore, DirectorySnapshot } from '@hexnode-offboard/core';
import { decodeSnapshot, encodeSnapshot } from '../store/snapshot-codec.js';
import { encodeText } from './text.js';

export class PostgresDirectoryIndexStore implements DirectoryIndexStore {
  readonly #db: SchemaPool;
  readonly #s: string;

  /** Over a pool; `ready` resolves once the schema is migrated. */
  constructor(db: SchemaPool) {
    this.#db = db;
    this.#s = db.s;
  }

  async load(key: string): Promise<DirectorySnapshot | undefined> {
    const { rows } = await this.#db.query<{ snapshot: Uint8Array }>(
      `SELECT snapshot FROM ${this.#s}.directory_index WHERE key = $1`,
      [encodeText(key)],
    );
    return rows[0] === undefined ? undefined : await decodeSnapshot(rows[0].snapshot);
  }

  /** Replaces the portal's snapshot unless the stored one is newer (another instance built it later). */
  async save(key: string, snapshot: DirectorySnapshot): Promise<void> {
    await this.#db.query(
      `INSERT INTO ${this.#s}.directory_index (key, built_at, snapshot) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET built_at = excluded.built_at, snapshot = excluded.snapshot
       WHERE excluded.built_at >= ${this.#s}.directory_index.built_at`,
      [encodeText(key), snapshot.builtAt, await encodeSnapshot(snapshot)],
    );
  }
}
