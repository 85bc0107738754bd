/**
 * The directory index's snapshots on PostgreSQL (table `directory_index`, one row per portal), so that every
 * instance on the database, and a restart, answers previews without reading Hexnode's lists again.
 */
import type pg from 'pg';
import type { DirectoryIndexStore, DirectorySnapshot } from '@hexnode-offboard/core';
import { decodeSnapshot, encodeSnapshot } from '../store/snapshot-codec.js';
import { encodeText } from './text.js';

export class PostgresDirectoryIndexStore implements DirectoryIndexStore {
  readonly #pool: pg.Pool;
  readonly #s: string;
  readonly #ready: () => Promise<void>;

  /** Over a pool; `ready` resolves once the schema is migrated. */
  constructor(pool: pg.Pool, s: string, ready: () => Promise<void>) {
    this.#pool = pool;
    this.#s = s;
    this.#ready = ready;
  }

  async load(key: string): Promise<DirectorySnapshot | undefined> {
    await this.#ready();
    const { rows } = await this.#pool.query<{ snapshot: Uint8Array }>(
      `SELECT snapshot FROM ${this.#s}.directory_index WHERE key = $1`,
      [encodeText(key)],
    );
    return rows[0] === undefined ? undefined : await decodeSnapshot(rows[0].snapshot);
  }

  /** Replaces the portal's snapshot unless the stored one is newer (another instance built it later). */
  async save(key: string, snapshot: DirectorySnapshot): Promise<void> {
    await this.#ready();
    await this.#pool.query(
      `INSERT INTO ${this.#s}.directory_index (key, built_at, snapshot) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET built_at = excluded.built_at, snapshot = excluded.snapshot
       WHERE excluded.built_at >= ${this.#s}.directory_index.built_at`,
      [encodeText(key), snapshot.builtAt, await encodeSnapshot(snapshot)],
    );
  }
}
